// Runs inside the extension host (loaded by VS Code through --extensionTestsPath): mocha with the
// counting reporter over every *.test.js beside this file (with GDA_BENCH_FILE set, the *.bench.js
// files instead: `npm run bench`). GDA_GREP filters tests like mocha's --grep.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import CountingReporter from '../../support/countingReporter';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 20_000, color: false, reporter: CountingReporter });
  if (process.env.GDA_GREP) mocha.grep(process.env.GDA_GREP);
  const suffix = process.env.GDA_BENCH_FILE ? '.bench.js' : '.test.js';
  for (const name of readdirSync(__dirname).sort()) {
    if (name.endsWith(suffix)) mocha.addFile(join(__dirname, name));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}

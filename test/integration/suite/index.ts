// Runs inside the extension host (loaded by VS Code through --extensionTestsPath): mocha with the
// counting reporter over every *.test.js beside this file. GDA_GREP filters tests like mocha's --grep.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import CountingReporter from '../../support/countingReporter';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 20_000, color: false, reporter: CountingReporter });
  if (process.env.GDA_GREP) mocha.grep(process.env.GDA_GREP);
  for (const name of readdirSync(__dirname).sort()) {
    if (name.endsWith('.test.js')) mocha.addFile(join(__dirname, name));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}

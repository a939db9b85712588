// npm run package: a production build, then ONE gemini-debug-assistant-<version>.vsix at the
// repository root (older .vsix files there are deleted first). Never prompts.
// The Extensions view renders the packaged README, where relative images cannot resolve (there
// is no repository URL), so the package gets dist/README.md: README.md with its images embedded
// as data: URIs (the extension page's CSP allows `img-src data:`) and links to repository files
// reduced to their text. Afterwards the .vsix must hold exactly the entries of
// scripts/vsix-files.json (GDA_VSIX_FILES names another list, for the test of this check)
// plus every chunk the view imports lazily (dist/chunks/, named by content hash): nothing
// missing, nothing more.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const vsce = join(dirname(createRequire(import.meta.url).resolve('@vscode/vsce/package.json')), 'vsce');
const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vsix = `${name}-${version}.vsix`;
const listed = JSON.parse(readFileSync(process.env.GDA_VSIX_FILES || join(root, 'scripts', 'vsix-files.json'), 'utf8'));
const packagedReadme = 'dist/README.md';
const imageTypes = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif' };

function fail(message) {
  console.error(`[package] ${message}`);
  process.exit(1);
}

function run(args) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) fail(`failed: node ${args.join(' ')}`);
}

/** README.md for the package: every relative image as a data: URI, relative links as plain text. */
function embeddedReadme() {
  const source = readFileSync(join(root, 'README.md'), 'utf8');
  const isRelative = (target) => !/^([a-z][\w+.-]*:|#)/i.test(target);
  return source
    .replace(/!\[([^\]]*)\]\(([^)\s]+)\)/g, (whole, alt, target) => {
      if (!isRelative(target)) return whole;
      const type = imageTypes[extname(target).toLowerCase()];
      if (!type) fail(`README.md: ${target} is not a PNG, JPEG or GIF image`);
      return `![${alt}](data:${type};base64,${readFileSync(join(root, target)).toString('base64')})`;
    })
    .replace(/(?<!!)\[([^\]]+)\]\(([^)\s]+)\)/g, (whole, text, target) => (isRelative(target) ? text : whole));
}

/** The entry names of a zip file, from its central directory. */
function zipEntries(file) {
  const zip = readFileSync(file);
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) fail(`${file} is not a zip file`);
  const count = zip.readUInt16LE(end + 10);
  const names = [];
  for (let at = zip.readUInt32LE(end + 16), i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) fail(`${file}: damaged central directory`);
    const nameLength = zip.readUInt16LE(at + 28);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return names;
}

for (const file of readdirSync(root)) {
  if (file.endsWith('.vsix')) rmSync(join(root, file));
}
run(['esbuild.mjs', '--production']);
writeFileSync(join(root, packagedReadme), embeddedReadme());
// --no-rewrite-relative-links: without a repository there is nothing to rewrite them to (and the
// rewriting step would refuse data: images).
run([vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--readme-path', packagedReadme, '--out', vsix]);

const entries = zipEntries(join(root, vsix)).sort();
// A chunk left out would be a language (or the view) that fails to load.
const expected = [...listed, ...readdirSync(join(root, 'dist', 'chunks')).map((file) => `extension/dist/chunks/${file}`)];
const missing = expected.filter((entry) => !entries.includes(entry));
const unexpected = entries.filter((entry) => !expected.includes(entry));
if (missing.length > 0) console.error(`[package] missing from ${vsix}: ${missing.join(', ')}`);
if (unexpected.length > 0) console.error(`[package] unexpected in ${vsix} (fix .vscodeignore, or scripts/vsix-files.json): ${unexpected.join(', ')}`);
if (missing.length + unexpected.length > 0) process.exit(1);
console.log(`[package] ${vsix}: ${entries.join(', ')}`);

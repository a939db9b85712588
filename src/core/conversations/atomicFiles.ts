// Writes that a crash cannot leave half done: the new bytes go to a temporary file beside the
// target, which is then renamed over it (a rename replaces the old file in one step), so a
// reader finds the old version or the new one, never a mix.
import type { FileSystem } from '../ports';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export async function writeAtomically(fs: FileSystem, path: string, text: string): Promise<void> {
  const temp = `${path}.${Math.random().toString(36).slice(2, 10)}.tmp`;
  await fs.write(temp, encoder.encode(text));
  try {
    await fs.rename(temp, path);
  } catch (error) {
    await fs.remove(temp).catch(() => undefined);
    throw error;
  }
}

/** The file's text, or undefined when there is no such file. */
export async function readText(fs: FileSystem, path: string): Promise<string | undefined> {
  const bytes = await fs.read(path);
  return bytes && decoder.decode(bytes);
}

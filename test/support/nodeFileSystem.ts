// The core's FileSystem over Node's fs, rooted at a folder: for the benchmark (what VS Code's
// workspace.fs does in the extension, without an editor).
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FileSystem } from '../../src/core/ports';

export class NodeFileSystem implements FileSystem {
  constructor(private readonly root: string) {}

  async read(path: string): Promise<Uint8Array | undefined> {
    try {
      return await readFile(join(this.root, path));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async write(path: string, data: Uint8Array): Promise<void> {
    await mkdir(dirname(join(this.root, path)), { recursive: true });
    await writeFile(join(this.root, path), data);
  }

  rename(from: string, to: string): Promise<void> {
    return rename(join(this.root, from), join(this.root, to));
  }

  remove(path: string): Promise<void> {
    return rm(join(this.root, path), { force: true });
  }

  location(path: string): string {
    return join(this.root, path);
  }
}

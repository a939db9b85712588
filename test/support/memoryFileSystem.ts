// An in-memory FileSystem for core tests, with a crash on demand between a write and its rename.
import type { FileSystem } from '../../src/core/ports';

export class MemoryFileSystem implements FileSystem {
  readonly files = new Map<string, Uint8Array>();
  /** Set to make the next rename fail as if the process died right before it. */
  crashBeforeRename = false;

  read(path: string): Promise<Uint8Array | undefined> {
    return Promise.resolve(this.files.get(path));
  }

  write(path: string, data: Uint8Array): Promise<void> {
    this.files.set(path, new Uint8Array(data));
    return Promise.resolve();
  }

  rename(from: string, to: string): Promise<void> {
    if (this.crashBeforeRename) {
      this.crashBeforeRename = false;
      // A dead process cleans nothing up: the temporary file stays where it was written.
      return Promise.reject(Object.assign(new Error('crashed'), { crashed: true }));
    }
    const data = this.files.get(from);
    if (!data) return Promise.reject(new Error(`no file ${from}`));
    this.files.delete(from);
    this.files.set(to, data);
    return Promise.resolve();
  }

  remove(path: string): Promise<void> {
    this.files.delete(path);
    return Promise.resolve();
  }

  location(path: string): string {
    return `/storage/${path}`;
  }

  text(path: string): string | undefined {
    const data = this.files.get(path);
    return data && new TextDecoder().decode(data);
  }
}

import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';

/**
 * Folders the bench is done with (an earlier run's archive, a profiled build's output), moved out
 * of the way at once and deleted only when nothing is measured any more.
 *
 * Deleting them first slowed what came next: on a file system without a journal (ext4 as this
 * machine mounts it) the kernel does not hand out again an inode freed in the last 60 seconds
 * (6 minutes while its inode table is not yet written back), and checks each freed one it passes
 * on every new file (`recently_deleted` in fs/ext4/ialloc.c). After 48,000 files were deleted,
 * writing 24,000 new ones took 10.4 s of system time here against 0.6 s; a cold build of 10,000
 * papers right after deleting the last run's output took 32.1 and 27.8 s (system 11.0 and 10.0 s)
 * against 26.8 and 24.9 s (5.3 and 4.4 s) with the output moved aside. The bench's own clean-up
 * is not what a build is measured on, and the plain site measured minutes later escaped it.
 * A rename frees no inode.
 */
export class SetAside {
  private count = 0;
  private readonly root: string;

  /** `root`: a folder on the same file system as the folders set aside (a rename cannot cross one). */
  constructor(root: string) {
    this.root = root;
  }

  /** Moves `path` (a file or folder; nothing if it is not there) into the set-aside folder. */
  async put(path: string): Promise<void> {
    this.count += 1;
    const place = join(this.root, `${process.pid}-${this.count}-${basename(path)}`);
    try {
      await mkdir(this.root, { recursive: true });
      await rename(path, place);
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new Error(`Failed to set ${path} aside in ${this.root}`, { cause });
    }
  }

  /** Deletes everything set aside, by this run or by an earlier one that stopped before its end. */
  async empty(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}

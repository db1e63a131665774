/**
 * LabLock: one `up` or `down` at a time per state dir. Two concurrent `up`s would each
 * see etcd stopped and start one; the second would then fail on the port. The lock file
 * holds the owner's pid, so a lock left by a killed command is taken over.
 */
import * as fs from "node:fs";
import { isAlive } from "./processes";

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function readOwner(file: string): number | undefined {
  try {
    return Number(fs.readFileSync(file, "utf8").trim()) || 0;
  } catch {
    return undefined;
  }
}

export class LabLock {
  private constructor(private readonly file: string) {}

  static async acquire(file: string, timeoutMs: number, onWait?: (owner: number) => void): Promise<LabLock> {
    const deadline = Date.now() + timeoutMs;
    let reported = false;
    for (;;) {
      try {
        fs.writeFileSync(file, `${process.pid}\n`, { flag: "wx" });
        return new LabLock(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const owner = readOwner(file);
      if (owner === undefined) continue; // released between our attempt and this read
      if (!owner || !isAlive(owner)) {
        // Stale: the previous command died holding it. Remove only if it still names that owner.
        try {
          if (readOwner(file) === owner) fs.rmSync(file, { force: true });
        } catch {
          /* someone else removed it */
        }
        continue;
      }
      if (Date.now() >= deadline) throw new Error(`another gitops lab command (pid ${owner}) holds ${file}; wait for it or stop it`);
      if (!reported) onWait?.(owner);
      reported = true;
      await sleep(200);
    }
  }

  release(): void {
    fs.rmSync(this.file, { force: true });
  }
}

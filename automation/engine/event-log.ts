/**
 * Follows the engine's `--event-log` file while the CLI writes it: one JSON
 * event per line, handed out in order as soon as the line is complete. Reading
 * the file directly (instead of the Automation API's gRPC events server) is what
 * lets the library hand the engine its first argument before it has loaded any
 * of the Pulumi SDK.
 */
import * as fs from "node:fs";
import type { EngineEvent } from "./events";

/** How often the file is checked for new lines while the engine runs. The rest is read at exit. */
const POLL_MS = 50;

export class EventLogTail {
  private position = 0;
  private partial = "";
  private timer: NodeJS.Timeout | undefined;
  private failure: Error | undefined;
  private readonly buffer = new Uint8Array(256 * 1024);
  // One decoder for the whole file: a character split across two reads stays whole.
  private readonly decoder = new TextDecoder("utf-8");

  constructor(
    private readonly file: string,
    private readonly onEvent: (event: EngineEvent) => void,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.drain(), POLL_MS);
  }

  /**
   * Reads what is left after the engine exited, including a last line without
   * its newline. Throws when a line was not an event or a listener threw: a
   * stream with a hole in it must not become a report.
   */
  finish(options: { rethrow?: boolean } = {}): void {
    this.stop();
    this.drain();
    this.partial += this.decoder.decode();
    if (this.partial.trim() !== "") this.emit(this.partial);
    this.partial = "";
    if (this.failure && options.rethrow !== false) throw this.failure;
  }

  /** Stops polling (idempotent); nothing more is read. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private drain(): void {
    if (this.failure) return;
    let fd: number;
    try {
      fd = fs.openSync(this.file, "r");
    } catch {
      return; // the engine has not created it yet
    }
    try {
      let read: number;
      while ((read = fs.readSync(fd, this.buffer, 0, this.buffer.length, this.position)) > 0) {
        this.position += read;
        this.partial += this.decoder.decode(this.buffer.subarray(0, read), { stream: true });
        const lines = this.partial.split("\n");
        this.partial = lines.pop() ?? "";
        for (const line of lines) if (line.trim() !== "") this.emit(line);
      }
    } finally {
      fs.closeSync(fd);
    }
  }

  private emit(line: string): void {
    if (this.failure) return;
    let event: EngineEvent;
    try {
      event = JSON.parse(line) as EngineEvent;
    } catch {
      this.failure = new Error(`the engine's event log has a line that is not JSON (${line.length} characters at byte ${this.position})`);
      return;
    }
    try {
      this.onEvent(event);
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
    }
  }
}

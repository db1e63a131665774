/**
 * Errors `lab up` reports to a human: each says what failed and what to do, and carries
 * the evidence (the failing component's log tail) instead of pointing at a file.
 */
import type { ComponentName } from "./components";

export class PortInUseError extends Error {
  constructor(
    readonly component: ComponentName,
    readonly port: number,
    readonly holder: { pid: number; command: string } | undefined,
    envVar: string,
  ) {
    super(
      `${component} cannot listen on 127.0.0.1:${port}: the port is in use` +
        (holder ? ` by pid ${holder.pid} (${holder.command})` : " by another process") +
        `. Stop that process, or choose another port (${envVar}=<port>, or the matching --*-port option).`,
    );
    this.name = "PortInUseError";
  }
}

export class ComponentStartError extends Error {
  constructor(
    readonly component: ComponentName,
    readonly reason: string,
    readonly logFile: string,
    readonly logTail: string,
  ) {
    super(`${component} did not become healthy: ${reason}\n--- last lines of ${logFile} ---\n${logTail}`);
    this.name = "ComponentStartError";
  }
}

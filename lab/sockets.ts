/**
 * Listening TCP sockets, read from /proc/net/tcp{,6}: who holds a port the lab needs,
 * and proof that the lab never listens beyond loopback. Linux only; elsewhere the lists
 * are empty and the bind check in isPortFree() still catches conflicts.
 */
import * as fs from "node:fs";
import * as net from "node:net";

export interface ListeningSocket {
  readonly address: string;
  readonly port: number;
  readonly inode: number;
}

const LISTEN = "0A";

/** Decodes the kernel's hex address: IPv4 is one little-endian word, IPv6 four of them. */
export function decodeProcAddress(hex: string): string {
  if (hex.length === 8) return [0, 1, 2, 3].map((i) => parseInt(hex.slice(6 - 2 * i, 8 - 2 * i), 16)).join(".");
  const bytes: string[] = [];
  for (let word = 0; word < 4; word++) {
    const w = hex.slice(word * 8, word * 8 + 8);
    for (let i = 3; i >= 0; i--) bytes.push(w.slice(i * 2, i * 2 + 2));
  }
  const groups = [];
  for (let i = 0; i < 16; i += 2) groups.push(parseInt(bytes[i] + bytes[i + 1], 16).toString(16));
  const v6 = groups.join(":");
  // IPv4-mapped (::ffff:a.b.c.d) is shown as the IPv4 address it really is.
  if (v6.startsWith("0:0:0:0:0:ffff:")) return decodeProcAddress(bytes.slice(12).reverse().join(""));
  return v6 === "0:0:0:0:0:0:0:1" ? "::1" : v6 === "0:0:0:0:0:0:0:0" ? "::" : v6;
}

/** Parses /proc/net/tcp or tcp6 content; only LISTEN sockets. */
export function parseProcNetTcp(text: string): ListeningSocket[] {
  return text
    .split("\n")
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length > 9 && f[3] === LISTEN)
    .map((f) => {
      const [addr, port] = f[1].split(":");
      return { address: decodeProcAddress(addr), port: parseInt(port, 16), inode: Number(f[9]) };
    });
}

export function listeningSockets(): ListeningSocket[] {
  return ["/proc/net/tcp", "/proc/net/tcp6"].flatMap((file) => {
    try {
      return parseProcNetTcp(fs.readFileSync(file, "utf8"));
    } catch {
      return [];
    }
  });
}

export const isLoopback = (address: string): boolean => address.startsWith("127.") || address === "::1";

/** Socket inodes a process holds open. */
export function socketInodes(pid: number): Set<number> {
  const inodes = new Set<number>();
  let fds: string[];
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(Number(match[1]));
    } catch {
      /* fd closed meanwhile */
    }
  }
  return inodes;
}

/** The sockets the given processes listen on. */
export function socketsOf(pids: readonly number[]): ListeningSocket[] {
  const mine = new Set(pids.flatMap((pid) => [...socketInodes(pid)]));
  return listeningSockets().filter((s) => mine.has(s.inode));
}

/** Which process listens on a port, for the "port in use" error; undefined when unknown. */
export function portHolder(port: number): { pid: number; command: string } | undefined {
  const inodes = new Set(listeningSockets().filter((s) => s.port === port).map((s) => s.inode));
  if (inodes.size === 0) return undefined;
  for (const entry of fs.readdirSync("/proc").filter((e) => /^\d+$/.test(e))) {
    const pid = Number(entry);
    if ([...socketInodes(pid)].some((i) => inodes.has(i))) {
      let command = "?";
      try {
        command = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ").slice(0, 160);
      } catch {
        /* gone */
      }
      return { pid, command };
    }
  }
  return undefined;
}

/** Binding 127.0.0.1:port fails if anything holds it, on loopback or on a wildcard address. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => server.close(() => resolve(true)));
  });
}

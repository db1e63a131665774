import assert from "node:assert/strict";
import * as net from "node:net";
import { describe, it } from "node:test";
import { decodeProcAddress, isLoopback, isPortFree, parseProcNetTcp, portHolder, socketsOf } from "../../lab/sockets";

describe("/proc/net/tcp parsing", () => {
  it("decodes IPv4, IPv6 and IPv4-mapped addresses", () => {
    assert.equal(decodeProcAddress("0100007F"), "127.0.0.1");
    assert.equal(decodeProcAddress("00000000"), "0.0.0.0");
    assert.equal(decodeProcAddress("0A00A8C0"), "192.168.0.10");
    assert.equal(decodeProcAddress("00000000000000000000000001000000"), "::1");
    assert.equal(decodeProcAddress("00000000000000000000000000000000"), "::");
    assert.equal(decodeProcAddress("0000000000000000FFFF00000100007F"), "127.0.0.1");
  });

  it("keeps only LISTEN sockets, with port and inode", () => {
    const text = [
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
      "   0: 0100007F:66FE 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0 100 0 0 10 0",
      "   1: 0100007F:66FE 0100007F:A1B2 01 00000000:00000000 00:00000000 00000000     0        0 4343 1 0 20 4 30 10 -1",
      "   2: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 99 1 0 100 0 0 10 0",
    ].join("\n");
    assert.deepEqual(parseProcNetTcp(text), [
      { address: "127.0.0.1", port: 26366, inode: 4242 },
      { address: "0.0.0.0", port: 22, inode: 99 },
    ]);
    assert.equal(isLoopback("127.0.0.1"), true);
    assert.equal(isLoopback("::1"), true);
    assert.equal(isLoopback("0.0.0.0"), false);
  });
});

describe("port checks against real sockets", () => {
  it("see a listener on a port as in use, by this process, on loopback", async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as net.AddressInfo).port;
    try {
      assert.equal(await isPortFree(port), false);
      assert.equal(portHolder(port)?.pid, process.pid);
      assert.ok(socketsOf([process.pid]).some((s) => s.port === port && s.address === "127.0.0.1"));
    } finally {
      await new Promise((r) => server.close(r));
    }
    assert.equal(await isPortFree(port), true);
  });

  it("sees a wildcard listener as holding the loopback port too", async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, "0.0.0.0", r));
    const port = (server.address() as net.AddressInfo).port;
    try {
      assert.equal(await isPortFree(port), false);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

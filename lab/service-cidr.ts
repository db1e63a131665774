/**
 * The first usable address of the service CIDR: the apiserver gives it to the
 * `kubernetes` Service, so in-cluster clients reach the API there and its serving
 * certificate must name it.
 */
export function firstServiceIp(cidr: string): string {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match) throw new Error(`service CIDR ${cidr} is not an IPv4 CIDR (a.b.c.d/n)`);
  const octets = match.slice(1, 5).map(Number);
  const bits = Number(match[5]);
  if (octets.some((o) => o > 255) || bits < 8 || bits > 30) throw new Error(`service CIDR ${cidr} is not a usable IPv4 range (/8 to /30)`);
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - bits);
  const network = address - (address % size);
  const first = network + 1;
  return [24, 16, 8, 0].map((shift) => Math.floor(first / 2 ** shift) % 256).join(".");
}

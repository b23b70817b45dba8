// The one loopback rule, for registry hosts (plain http is allowed there, as Docker allows it)
// and for listen addresses (metrics served only to this machine).

/** True for `localhost`, 127.0.0.0/8 and `::1` (bracketed or not), in any case. */
export function isLoopbackHost(hostname: string): boolean {
  const name = hostname.toLowerCase();
  return name === 'localhost' || name === '::1' || name === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(name);
}

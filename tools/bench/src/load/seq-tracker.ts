/**
 * Which sequence numbers of one publisher a subscriber has seen: a growable bitset, so
 * duplicates are exact (not estimated) and loss is `expected - unique`.
 * Out of order = a new (not duplicate) number below the highest seen so far.
 */
export class SeqTracker {
  unique = 0;
  duplicates = 0;
  outOfOrder = 0;
  private highest = -1;
  private bits = new Uint8Array(1 << 16);

  record(seq: number): void {
    const byte = seq >>> 3;
    if (byte >= this.bits.length) this.grow(byte);
    const mask = 1 << (seq & 7);
    const bits = this.bits;
    if ((bits[byte]! & mask) !== 0) {
      this.duplicates++;
      return;
    }
    bits[byte] = bits[byte]! | mask;
    this.unique++;
    if (seq < this.highest) this.outOfOrder++;
    else this.highest = seq;
  }

  private grow(byte: number): void {
    let size = this.bits.length;
    while (size <= byte) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(this.bits);
    this.bits = bigger;
  }
}

import { ByteBuffer } from 'flatbuffers';

/**
 * A bounds-checked view of one FlatBuffers table. The `flatbuffers` runtime reads past the end of
 * a buffer silently (out-of-range bytes read as 0), so a truncated model would decode into a
 * different model instead of failing: every read here is checked first.
 * Fields are addressed by their index in the schema (vtable slot 4 + 2 * index).
 */
export class FlatbufferTable {
  constructor(
    private readonly bb: ByteBuffer,
    readonly pos: number,
  ) {
    need(bb, pos, 4);
    const vtable = pos - bb.readInt32(pos);
    need(bb, vtable, 4);
    need(bb, vtable, bb.readInt16(vtable));
  }

  static root(bytes: Uint8Array): FlatbufferTable {
    const bb = new ByteBuffer(bytes);
    need(bb, 0, 8);
    return new FlatbufferTable(bb, bb.readUint32(0));
  }

  has(field: number): boolean {
    return this.offset(field) !== 0;
  }

  int8(field: number, fallback = 0): number {
    return this.scalar(field, 1, fallback, (at) => this.bb.readInt8(at));
  }

  uint8(field: number, fallback = 0): number {
    return this.scalar(field, 1, fallback, (at) => this.bb.readUint8(at));
  }

  int32(field: number, fallback = 0): number {
    return this.scalar(field, 4, fallback, (at) => this.bb.readInt32(at));
  }

  string(field: number): string | undefined {
    const offset = this.offset(field);
    if (!offset) return undefined;
    const bytes = this.vectorBytes(this.pos + offset, 1);
    return new TextDecoder().decode(bytes);
  }

  table(field: number): FlatbufferTable | undefined {
    const offset = this.offset(field);
    if (!offset) return undefined;
    need(this.bb, this.pos + offset, 4);
    return new FlatbufferTable(this.bb, this.bb.__indirect(this.pos + offset));
  }

  tables(field: number): FlatbufferTable[] {
    const { start, length } = this.vector(field, 4);
    return Array.from(
      { length },
      (_, i) => new FlatbufferTable(this.bb, this.bb.__indirect(start + 4 * i)),
    );
  }

  int32s(field: number): number[] {
    const { start, length } = this.vector(field, 4);
    return Array.from({ length }, (_, i) => this.bb.readInt32(start + 4 * i));
  }

  int64s(field: number): bigint[] {
    const { start, length } = this.vector(field, 8);
    return Array.from({ length }, (_, i) => this.bb.readInt64(start + 8 * i));
  }

  float32s(field: number): number[] {
    const { start, length } = this.vector(field, 4);
    return Array.from({ length }, (_, i) => this.bb.readFloat32(start + 4 * i));
  }

  /** A [ubyte] vector as a view into the file (no copy). */
  bytes(field: number): Uint8Array {
    const offset = this.offset(field);
    if (!offset) return new Uint8Array(0);
    return this.vectorBytes(this.pos + offset, 1);
  }

  private offset(field: number): number {
    return this.bb.__offset(this.pos, 4 + 2 * field);
  }

  private scalar(field: number, size: number, fallback: number, read: (at: number) => number) {
    const offset = this.offset(field);
    if (!offset) return fallback;
    need(this.bb, this.pos + offset, size);
    return read(this.pos + offset);
  }

  private vector(field: number, elementSize: number): { start: number; length: number } {
    const offset = this.offset(field);
    if (!offset) return { start: 0, length: 0 };
    const at = this.pos + offset;
    need(this.bb, at, 4);
    const start = this.bb.__vector(at);
    need(this.bb, start - 4, 4);
    const length = this.bb.__vector_len(at);
    need(this.bb, start, length * elementSize);
    return { start, length };
  }

  private vectorBytes(at: number, elementSize: number): Uint8Array {
    need(this.bb, at, 4);
    const start = this.bb.__vector(at);
    need(this.bb, start - 4, 4);
    const length = this.bb.__vector_len(at);
    need(this.bb, start, length * elementSize);
    return this.bb.bytes().subarray(start, start + length * elementSize);
  }
}

export class CorruptModelError extends Error {}

function need(bb: ByteBuffer, pos: number, size: number): void {
  if (pos < 0 || size < 0 || pos + size > bb.capacity()) {
    throw new CorruptModelError(
      `the file is truncated or corrupt: a read of ${size} bytes at offset ${pos} ` +
        `is past its end (${bb.capacity()} bytes)`,
    );
  }
}

import fc from 'fast-check';
import {
  ALTER_USER_SCRAM_CREDENTIALS,
  alterUserScramCredentialsRequest,
  decodeAlterUserScramCredentialsResponse,
  decodeSaslAuthenticateResponse,
  decodeSaslHandshakeResponse,
  encodeRequest,
  kafkaErrorName,
  responseBody,
  SASL_AUTHENTICATE,
  SASL_HANDSHAKE,
  saslAuthenticateRequest,
  saslHandshakeRequest,
  SCRAM_SHA_512,
  type ScramUpsertion,
} from './kafka-messages';
import { KafkaProtocolError, WireReader, WireWriter } from './kafka-wire';

const int16 = fc.integer({ min: -32768, max: 32767 });
const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const text = fc.string({ unit: 'binary', maxLength: 40 });
const bytes = fc.uint8Array({ maxLength: 80 }).map((array) => Buffer.from(array));
const upsertion: fc.Arbitrary<ScramUpsertion> = fc.record({
  name: text,
  mechanism: fc.constantFrom(1, SCRAM_SHA_512),
  iterations: fc.integer({ min: 4096, max: 16384 }),
  salt: bytes,
  saltedPassword: bytes,
});

/** A response as a broker frames it (without the size prefix): correlation id, header tagged fields when flexible, body. */
function response(correlationId: number, flexible: boolean, body: (writer: WireWriter) => void): Buffer {
  const writer = new WireWriter().int32(correlationId);
  if (flexible) writer.noTaggedFields();
  body(writer);
  return writer.toBuffer();
}

describe('Kafka wire primitives', () => {
  it('read back every value they write, with nothing left over', () => {
    fc.assert(
      fc.property(
        fc.record({
          int8: fc.integer({ min: -128, max: 127 }),
          int16,
          int32,
          int64: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
          varint: fc.integer({ min: 0, max: 0xffffffff }),
          string: fc.option(text),
          compactString: fc.option(text),
          compactBytes: fc.option(bytes),
          strings: fc.array(text, { maxLength: 5 }),
        }),
        (values) => {
          const written = new WireWriter()
            .int8(values.int8)
            .int16(values.int16)
            .int32(values.int32)
            .int64(values.int64)
            .unsignedVarint(values.varint)
            .string(values.string)
            .compactString(values.compactString)
            .compactBytes(values.compactBytes)
            .array(values.strings, (writer, value) => void writer.string(value))
            .compactArray(values.strings, (writer, value) => void writer.compactString(value))
            .noTaggedFields()
            .toBuffer();
          const reader = new WireReader(written);
          expect({
            int8: reader.int8(),
            int16: reader.int16(),
            int32: reader.int32(),
            int64: reader.int64(),
            varint: reader.unsignedVarint(),
            string: reader.string(),
            compactString: reader.compactString(),
            compactBytes: reader.compactBytes(),
            strings: reader.array((element) => element.string()),
          }).toEqual(values);
          expect(reader.compactArray((element) => element.compactString())).toEqual(values.strings);
          reader.skipTaggedFields();
          reader.end();
        },
      ),
    );
  });

  it('skip tagged fields they do not know, whatever they hold', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: 1000 }), bytes), { maxLength: 4 }), int32, (fields, after) => {
        // Each field: its tag, its size in bytes (not plus one), its bytes.
        const exact = Buffer.concat([
          new WireWriter().unsignedVarint(fields.length).toBuffer(),
          ...fields.map(([tag, value]) => Buffer.concat([new WireWriter().unsignedVarint(tag).unsignedVarint(value.length).toBuffer(), value])),
          new WireWriter().int32(after).toBuffer(),
        ]);
        const reader = new WireReader(exact);
        reader.skipTaggedFields();
        expect(reader.int32()).toBe(after);
        reader.end();
      }),
    );
  });

  it('refuse truncated input and impossible lengths with a protocol error, never another failure', () => {
    fc.assert(
      fc.property(bytes, (input) => {
        for (const read of [
          (reader: WireReader) => reader.compactArray((element) => element.compactString()),
          (reader: WireReader) => reader.array((element) => element.string()),
          (reader: WireReader) => reader.skipTaggedFields(),
          (reader: WireReader) => reader.compactBytes(),
        ]) {
          try {
            read(new WireReader(input));
          } catch (error) {
            expect(error).toBeInstanceOf(KafkaProtocolError);
          }
        }
      }),
    );
  });
});

describe('AlterUserScramCredentials v0 (API key 51, flexible)', () => {
  it('frames the request as Kafka defines it: byte for byte for one upsertion', () => {
    const request = encodeRequest(
      ALTER_USER_SCRAM_CREDENTIALS,
      7,
      'c',
      alterUserScramCredentialsRequest([{ name: 'u', mechanism: SCRAM_SHA_512, iterations: 8192, salt: Buffer.from([0xaa, 0xbb]), saltedPassword: Buffer.from([0xcc]) }]),
    );
    const expected = [
      '0000001c', // size: 28 bytes follow
      '0033', // api key 51
      '0000', // version 0
      '00000007', // correlation id
      '000163', // client id: int16 length 1, "c" (request header v2 keeps a non-compact string)
      '00', // header tagged fields
      '01', // deletions: compact array of 0
      '02', // upsertions: compact array of 1
      '0275', // name: compact string "u"
      '02', // mechanism SCRAM-SHA-512
      '00002000', // iterations 8192
      '03aabb', // salt: compact bytes of 2
      '02cc', // salted password: compact bytes of 1
      '00', // upsertion tagged fields
      '00', // request tagged fields
    ].join('');
    expect(request.toString('hex')).toBe(expected);
  });

  it('carries every upsertion as given', () => {
    fc.assert(
      fc.property(fc.array(upsertion, { maxLength: 4 }), int32, text, (upsertions, correlationId, clientId) => {
        const request = new WireReader(encodeRequest(ALTER_USER_SCRAM_CREDENTIALS, correlationId, clientId, alterUserScramCredentialsRequest(upsertions)));
        expect(request.int32()).toBe(request.remaining);
        expect([request.int16(), request.int16(), request.int32(), request.string()]).toEqual([51, 0, correlationId, clientId]);
        request.skipTaggedFields();
        expect(request.compactArray(() => 'deletion')).toEqual([]);
        const read = request.compactArray((element) => {
          const each = { name: element.compactString(), mechanism: element.int8(), iterations: element.int32(), salt: element.compactBytes(), saltedPassword: element.compactBytes() };
          element.skipTaggedFields();
          return each;
        });
        request.skipTaggedFields();
        request.end();
        expect(read).toEqual(upsertions);
      }),
    );
  });

  it('reads each user’s result, the error code and Kafka’s message', () => {
    const result = fc.record({ user: text, errorCode: int16, errorMessage: fc.option(text) });
    fc.assert(
      fc.property(int32, int32, fc.array(result, { maxLength: 5 }), (correlationId, throttleTimeMs, results) => {
        const frame = response(correlationId, true, (writer) =>
          writer
            .int32(throttleTimeMs)
            .compactArray(results, (element, each) => void element.compactString(each.user).int16(each.errorCode).compactString(each.errorMessage).noTaggedFields())
            .noTaggedFields(),
        );
        expect(decodeAlterUserScramCredentialsResponse(responseBody(ALTER_USER_SCRAM_CREDENTIALS, correlationId, frame))).toEqual({ throttleTimeMs, results });
      }),
    );
  });

  it('refuses any bytes that are not such a response with a protocol error', () => {
    fc.assert(
      fc.property(bytes, (frame) => {
        try {
          decodeAlterUserScramCredentialsResponse(responseBody(ALTER_USER_SCRAM_CREDENTIALS, frame.length >= 4 ? frame.readInt32BE(0) : 0, frame));
        } catch (error) {
          expect(error).toBeInstanceOf(KafkaProtocolError);
        }
      }),
    );
  });

  it('refuses a response to another request', () => {
    const frame = response(
      8,
      true,
      (writer) =>
        void writer
          .int32(0)
          .compactArray([], () => undefined)
          .noTaggedFields(),
    );
    expect(() => responseBody(ALTER_USER_SCRAM_CREDENTIALS, 7, frame)).toThrow(/a response to request 8, expected 7/);
  });

  it('names the error codes a person meets', () => {
    expect(kafkaErrorName(93)).toBe('UNACCEPTABLE_CREDENTIAL (93)');
    expect(kafkaErrorName(31)).toBe('CLUSTER_AUTHORIZATION_FAILED (31)');
    expect(kafkaErrorName(4242)).toBe('error code 4242');
  });
});

describe('SASL: SaslHandshake v1 and SaslAuthenticate v2', () => {
  it('asks for a mechanism with request header v1 (no tagged fields) and reads the mechanisms offered', () => {
    const request = encodeRequest(SASL_HANDSHAKE, 1, 'c', saslHandshakeRequest('SCRAM-SHA-512'));
    // Size 26; api key 17, version 1, correlation id 1, client id "c"; the mechanism as an int16-length string.
    expect(request.toString('hex')).toBe(['0000001a', '0011', '0001', '00000001', '000163', '000d', Buffer.from('SCRAM-SHA-512').toString('hex')].join(''));
    fc.assert(
      fc.property(int32, int16, fc.array(text, { maxLength: 4 }), (correlationId, errorCode, mechanisms) => {
        const frame = response(correlationId, false, (writer) => void writer.int16(errorCode).array(mechanisms, (element, name) => void element.string(name)));
        expect(decodeSaslHandshakeResponse(responseBody(SASL_HANDSHAKE, correlationId, frame))).toEqual({ errorCode, mechanisms });
      }),
    );
  });

  it('sends the SCRAM messages as compact bytes and reads the server’s, its error and the session lifetime', () => {
    fc.assert(
      fc.property(int32, bytes, int16, fc.option(text), bytes, fc.bigInt({ min: 0n, max: 2n ** 62n }), (correlationId, sent, errorCode, errorMessage, authBytes, sessionLifetimeMs) => {
        const request = new WireReader(encodeRequest(SASL_AUTHENTICATE, correlationId, 'c', saslAuthenticateRequest(sent)));
        request.int32();
        expect([request.int16(), request.int16(), request.int32(), request.string()]).toEqual([36, 2, correlationId, 'c']);
        request.skipTaggedFields();
        expect(request.compactBytes()).toEqual(sent);
        request.skipTaggedFields();
        request.end();

        const frame = response(correlationId, true, (writer) => void writer.int16(errorCode).compactString(errorMessage).compactBytes(authBytes).int64(sessionLifetimeMs).noTaggedFields());
        expect(decodeSaslAuthenticateResponse(responseBody(SASL_AUTHENTICATE, correlationId, frame))).toEqual({ errorCode, errorMessage, authBytes, sessionLifetimeMs });
      }),
    );
  });
});

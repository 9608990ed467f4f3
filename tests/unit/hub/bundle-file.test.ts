import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { generateHubKeyPair, readBundle, sealBundle, BUNDLE_MAGIC, type SealInput } from '../../../electron/core/exchange/bundle-file';
import { createInstitutionCa } from '../../../electron/core/signing/certs';
import { toPositional } from '../../../electron/core/stats/sql-plan';
import { HUB_SCHEMA_VERSION, migrateHub } from '../../../electron/hub/schema';
import { startTestPostgres } from '../../helpers/postgres';

/** The bundle's envelope on its own: who signed it, for whom it is encrypted, and that every byte counts. */

const hub = generateHubKeyPair();
const station = createInstitutionCa({ commonName: 'East Station Assessment CA', organization: 'East Station' });
const other = createInstitutionCa({ commonName: 'Other Station Assessment CA', organization: 'Other Station' });

function input(over: Partial<SealInput> = {}): SealInput {
  return {
    header: { bundleId: 'b-1', stationId: 's-1', stationName: '东海', sequence: 1, range: { afterSeq: 0, toSeq: 5, fromAt: null, toAt: null }, createdAt: '2026-12-02T00:00:00.000Z', counts: { persons: 1, assessments: 0, reports: 0, audit: 5 } },
    payload: { persons: [{ name: '陈阿婆' }] },
    hubPublicKeyPem: hub.publicKeyPem,
    station,
    ...over,
  };
}

describe('exchange bundle file', () => {
  it('opens with the enrolled certificate and the hub key, and holds the payload only encrypted', () => {
    const bytes = sealBundle(input());
    expect(bytes.subarray(0, BUNDLE_MAGIC.length).toString()).toBe(BUNDLE_MAGIC);
    expect(bytes.includes(Buffer.from('陈阿婆'))).toBe(false);
    const b = readBundle(bytes);
    expect(b.header).toMatchObject({ bundleId: 'b-1', sequence: 1, enc: { alg: 'X25519-HKDF-SHA256-AES-256-GCM' } });
    expect(() => b.decrypt(hub.privateKeyPem)).toThrow('verify the signature first');
    b.verifySignature(station.certPem);
    expect(b.decrypt(hub.privateKeyPem)).toEqual({ persons: [{ name: '陈阿婆' }] });
  });

  it('another station’s certificate, another hub’s key, and a key that is not X25519 are refused', () => {
    const b = readBundle(sealBundle(input()));
    expect(() => b.verifySignature(other.certPem)).toThrow('数据包的站点证书与登记的不符');
    b.verifySignature(station.certPem);
    expect(() => b.decrypt(generateHubKeyPair().privateKeyPem)).toThrow('数据包是发给另一个区县数据中心的');
    expect(() => sealBundle(input({ hubPublicKeyPem: station.certPem }))).toThrow('区县数据中心公钥必须是 X25519 密钥');
    expect(() => sealBundle(input({ hubPublicKeyPem: 'not a key' }))).toThrow('不是有效的区县数据中心公钥文件');
  });

  it('a station that signs with its own key but names another’s certificate is refused', () => {
    const forged = sealBundle(input({ station: { certPem: station.certPem, keyPem: other.keyPem } }));
    expect(() => readBundle(forged).verifySignature(station.certPem)).toThrow('数据包签名无效');
  });

  it('one flipped bit anywhere (header, signature, ciphertext) is found', () => {
    const bytes = sealBundle(input());
    const headerEnd = bytes.indexOf(0x0a, BUNDLE_MAGIC.length);
    const sigEnd = bytes.indexOf(0x0a, headerEnd + 1);
    for (const at of [BUNDLE_MAGIC.length + 20, headerEnd + 5, sigEnd + 1, bytes.length - 1]) {
      const bad = Buffer.from(bytes);
      bad[at] = bad[at]! ^ 0x01;
      expect(() => {
        const b = readBundle(bad);
        b.verifySignature(station.certPem);
        b.decrypt(hub.privateKeyPem);
      }, `byte ${at}`).toThrow();
    }
    expect(() => readBundle(Buffer.from('YIYANG-BACKUP-1\n{}'))).toThrow('不是有效的交换数据包：文件头不正确');
  });
});

describe('queries written once', () => {
  it('named parameters become PostgreSQL positions, the same name the same number', () => {
    expect(toPositional('a = @x AND b = @y OR c = @x', { x: 1, y: 'z' })).toEqual({ text: 'a = $1 AND b = $2 OR c = $1', values: [1, 'z'] });
    expect(() => toPositional('a = @missing', {})).toThrow('missing SQL parameter @missing');
  });
});

describe('hub schema', () => {
  it('migrates once, and refuses a database a newer hub made', async () => {
    const server = await startTestPostgres();
    try {
      const c = new pg.Client({ connectionString: await server.createDatabase() });
      await c.connect();
      try {
        expect(await migrateHub(c)).toEqual({ from: 0, to: HUB_SCHEMA_VERSION });
        expect(await migrateHub(c)).toEqual({ from: HUB_SCHEMA_VERSION, to: HUB_SCHEMA_VERSION });
        await c.query(`INSERT INTO hub_schema (version, name) VALUES (${HUB_SCHEMA_VERSION + 1}, 'future')`);
        await expect(migrateHub(c)).rejects.toThrow('数据库由更新版本的区县数据中心创建');
      } finally {
        await c.end();
      }
    } finally {
      await server.stop();
    }
  });
});

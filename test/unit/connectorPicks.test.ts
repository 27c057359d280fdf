import assert from 'node:assert/strict';
import { picks } from './clientModules';

const cached: picks.CachedConnector[] = [
  { kind: 'aws', connector: { id: 1672602, name: 'AWS staging', connectorState: 'FINISHED_SUCCESS' } },
  { kind: 'aws', connector: { id: '1672601', name: 'AWS production', connectorState: 'FINISHED_ERRORS' } },
  { kind: 'azure', connector: { id: 1672610, name: 'Azure production', connectorState: 'DISABLED' } },
  { kind: 'aws', connector: { id: 'not-an-id', name: 'broken' } },
  { kind: 'aws', connector: { id: 1672601, name: 'AWS production again' } },
  { kind: 'aws', connector: { id: 1672603, name: 'key S3cret-Pw in the name' } },
];

const rows = (list: picks.ConnectorPick[]): string[] => list.map((p) => [p.label, p.description].filter(Boolean).join(' | '));

describe('the connector-id prompt pick list', () => {
  it("offers the loaded connectors of the file's kind by name (name, kind, id, state), after Enter an id…", () => {
    assert.deepEqual(rows(picks.connectorPicks(cached, ['S3cret-Pw'], { kind: 'aws' })), [
      '$(edit) Enter an id… | type a connector id',
      'AWS production | AWS · #1672601 · FINISHED_ERRORS',
      'AWS staging | AWS · #1672602 · FINISHED_SUCCESS',
      'key •••••• in the name | AWS · #1672603 · no state',
    ]);
  });

  it('puts the current connector first and marks it; with no kind known, every kind', () => {
    const list = picks.connectorPicks(cached, [], { current: 1672610, optional: true });
    assert.deepEqual(list.slice(0, 3).map((p) => [p.label, p.id, p.enter, p.none]), [
      ['$(edit) Enter an id…', undefined, true, undefined],
      ['$(filter) No id', undefined, undefined, true],
      ['Azure production', 1672610, undefined, undefined],
    ]);
    assert.match(String(list[2].description), /^Azure · #1672610 · DISABLED · current$/);
    assert.equal(list.filter((p) => p.id !== undefined).length, 4, 'no invalid id, no id twice');
  });

  it('lists at most MAX_PICKS connectors, and only Enter an id… when none is loaded', () => {
    const many = Array.from({ length: picks.MAX_PICKS + 5 }, (_, i) => ({ kind: 'gcp' as const, connector: { id: i + 1, name: `c${i}` } }));
    assert.equal(picks.connectorPicks(many, [], {}).length, picks.MAX_PICKS + 1);
    assert.deepEqual(rows(picks.connectorPicks([], [], { kind: 'oci' })), ['$(edit) Enter an id… | type a connector id']);
  });
});

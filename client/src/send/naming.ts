/**
 * The file name of the update request written after a create: `aws-create.qualys.xml` answered
 * with id 843003 becomes `aws-update-843003.qualys.xml`. `create` is replaced keeping its case (the
 * server checks a file whose name contains "create" as a create request, so it must go), or
 * `-update` is appended when the name has none. `attempt` > 1 adds `-<attempt>` when the name is
 * taken. Pure, for tests.
 */
export function updateFileName(name: string, id: number, attempt = 1): string {
  const m = /^(.*?)((?:\.qualys)?\.[A-Za-z0-9]+)$/i.exec(name);
  const stem = m && m[1] !== '' ? m[1] : name;
  const ext = m && m[1] !== '' ? m[2] : '';
  const replaced = stem.replace(/create/gi, (c) => (c === 'CREATE' ? 'UPDATE' : c[0] === 'C' ? 'Update' : 'update'));
  const base = replaced !== stem ? replaced : `${stem}-update`;
  return `${base}-${id}${attempt > 1 ? `-${attempt}` : ''}${ext}`;
}

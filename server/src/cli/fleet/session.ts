import { Api } from '../../send/connectors';
import { Pace, PaceState } from '../../send/pace';
import { CliIo } from '../io';
import { Connection } from '../connection';
import { FileError } from './planner';

/** One pace and one call counter for all the calls of a command. */
export function openApi(connection: Connection, onPace?: (s: PaceState) => void): Api {
  return { ...connection, pace: new Pace(onPace), calls: { count: 0 } };
}

/** Files with errors: listed, and nothing was sent. */
export function reportErrors(errors: FileError[], io: CliIo, command: string): void {
  for (const e of errors) for (const m of e.messages) io.err(`${e.shown}: ${m}`);
  io.err(`qualys-connector ${command}: ${errors.length} file${errors.length === 1 ? '' : 's'} with errors; nothing was fetched or sent. Run validate to see every finding.`);
}

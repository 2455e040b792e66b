import type { DataSource } from 'typeorm';
import { BadInputError } from '../errors/app-errors';

/**
 * IANA names as PostgreSQL knows them (it does the calendar math), accepted case-insensitively and kept in
 * the user's spelling: Node's ICU would turn "Asia/Kolkata" into the legacy "Asia/Calcutta".
 */
export class TimezoneCatalog {
  private names: Promise<Map<string, string>> | null = null;

  constructor(private readonly dataSource: DataSource) {}

  async require(value: string, field: string): Promise<string> {
    const name = (await this.load()).get(value.trim().toLowerCase());
    if (!name) {
      throw new BadInputError(field, `"${value.slice(0, 60)}" is not an IANA time zone name (e.g. "Europe/Berlin", "Asia/Kolkata", "UTC").`);
    }
    return name;
  }

  private load(): Promise<Map<string, string>> {
    this.names ??= this.dataSource
      .query('SELECT name FROM pg_timezone_names')
      .then((rows: Array<{ name: string }>) => {
        const names = new Map<string, string>();
        for (const { name } of rows) if (acceptedByIntl(name)) names.set(name.toLowerCase(), name);
        return names;
      })
      .catch((error: unknown) => {
        this.names = null;
        throw error;
      });
    return this.names;
  }
}

function acceptedByIntl(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return !name.startsWith('posix/') && name !== 'posixrules' && name !== 'Factory';
  } catch {
    return false;
  }
}

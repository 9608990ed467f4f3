import careServices2026 from '../../../resources/care-services/care-services-2026.1.json';
import { validateCatalogue, type CareCatalogue } from '../../../shared/care-plan';
import { formatFieldErrors } from '../../../shared/policy';
import { VersionedFiles, type Validated } from '../app/versioned-files';

/** Shipped inside the bundle (as JSON imports, like the policy packs) so the command line needs no resources/ folder. */
const RAW_BUILTIN: readonly unknown[] = [careServices2026];

let cache: readonly CareCatalogue[] | undefined;

/** Validated once, on first use: an invalid built-in catalogue is a release bug and fails loudly. */
export function builtinCatalogues(): readonly CareCatalogue[] {
  cache ??= RAW_BUILTIN.map((raw) => {
    const r = validateCatalogue(raw);
    if (!r.ok) throw new Error(`内置服务目录无效：${formatFieldErrors(r.errors)}`);
    return r.value;
  });
  return cache;
}

const validate = (raw: unknown): Validated<CareCatalogue> => validateCatalogue(raw);

/**
 * The care-service catalogues of one data folder: built in, or loaded by an admin into
 * `<data>/care-services/`. The plan for an instrument comes from the newest catalogue
 * that reads it; the plan records which (id@version), so it stays traceable.
 */
export class CatalogueRegistry {
  readonly files: VersionedFiles<CareCatalogue>;

  constructor(dataDir: string) {
    this.files = new VersionedFiles(dataDir, 'care-services', builtinCatalogues, validate, '服务目录');
  }

  forInstrument(instrumentId: string): CareCatalogue | undefined {
    return this.files.all().find((c) => c.value.instrument === instrumentId)?.value;
  }
}

/** Without a data folder (the command line): the built-in catalogue for the instrument. */
export function builtinCatalogueFor(instrumentId: string): CareCatalogue | undefined {
  return builtinCatalogues().find((c) => c.instrument === instrumentId);
}

import { ServiceError } from '../../../shared/contract';
import type { CareCatalogue } from '../../../shared/care-plan';
import { getInstrument } from '../../../shared/instruments';
import type { NamespaceHandlers } from '../app/dispatcher';
import type { CatalogueRegistry } from './catalogues';

function summary(c: CareCatalogue, builtin: boolean, inUse: boolean) {
  return {
    id: c.id,
    version: c.version,
    title: c.title,
    instrumentTitle: getInstrument(c.instrument)?.title ?? c.instrument,
    effectiveFrom: c.effectiveFrom,
    verified: c.verified,
    builtin,
    inUse,
  };
}

export function careServicesHandlers(catalogues: CatalogueRegistry): NamespaceHandlers<'careServices'> {
  return {
    'careServices.list': () =>
      catalogues.files.all().map(({ value, builtin }) => {
        const used = catalogues.forInstrument(value.instrument);
        return summary(value, builtin, used?.id === value.id && used.version === value.version);
      }),
    'careServices.load': (input, { store }) => {
      const r = catalogues.files.load(input.json);
      if (!r.ok) throw new ServiceError('BAD_INPUT', '服务目录无效，请检查标出的字段', r.errors);
      store.audit.append(store.actor, { action: 'careServices.load', entity: 'careCatalogue', entityId: `${r.value.id}@${r.value.version}` });
      return summary(r.value, false, catalogues.forInstrument(r.value.instrument)?.version === r.value.version);
    },
  };
}

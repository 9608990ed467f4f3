export { CATALOGUE_FORMAT, catalogueRef, validateCatalogue, type CareCatalogue, type CareService, type CatalogueResult, type ServiceTrigger } from './catalogue';
export { deriveCarePlan, type DerivedCarePlan, type PlanFacts, type PlannedService } from './derive';
export { carePlanForCase, type CarePlanOutcome } from './case';
export { applyCarePlanChanges } from './changes';

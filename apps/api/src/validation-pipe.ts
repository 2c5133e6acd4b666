import { ValidationPipe, type ValidationPipeOptions } from '@nestjs/common';
import {
  getMetadataStorage,
  validate,
  validateSync,
  type MetadataStorage,
  type ValidationError,
  type ValidatorOptions,
} from 'class-validator';

type ValidationMetadata = Parameters<MetadataStorage['addValidationMetadata']>[0];
type ConstraintMetadata = Parameters<MetadataStorage['addConstraintMetadata']>[0];
type Grouped = ReturnType<MetadataStorage['groupByPropertyName']>;
/** A validated class (class-validator's own type for it). */
type Target = Parameters<MetadataStorage['getTargetValidationMetadatas']>[0];

interface MetadataCache {
  /** Some registered constraint validates asynchronously: validateSync would skip it. */
  anyAsync: boolean;
}

const caches = new WeakMap<MetadataStorage, MetadataCache>();

/**
 * Keeps what class-validator works out again for every object it validates: the rules of the
 * object's class and its ancestors (a scan of every class's rules, with the ancestors' merged in
 * pairwise) and those rules grouped by property. Both depend only on the rules registered, so
 * they are kept per class until a rule or constraint is registered, which forgets them all.
 * Only the plain case is kept (no schema, no groups); any other is worked out as before.
 * The same rules run in the same order with the same messages: only the lookups are saved.
 */
export function cacheValidationMetadata(storage: MetadataStorage = getMetadataStorage()): {
  anyAsync: boolean;
} {
  const known = caches.get(storage);
  if (known) return known;
  // The constraints registered before this one was installed count too.
  const registered = (storage as unknown as { constraintMetadatas?: unknown }).constraintMetadatas;
  const cache: MetadataCache = {
    anyAsync:
      !(registered instanceof Map) ||
      [...(registered as Map<Target, ConstraintMetadata[]>).values()].some((list) =>
        list.some((constraint) => constraint.async),
      ),
  };
  caches.set(storage, cache);

  const targetMetadatas = storage.getTargetValidationMetadatas.bind(storage);
  const groupByPropertyName = storage.groupByPropertyName.bind(storage);
  const addValidationMetadata = storage.addValidationMetadata.bind(storage);
  const addConstraintMetadata = storage.addConstraintMetadata.bind(storage);
  let byTarget = new Map<Target, Map<string, ValidationMetadata[]>>();
  let grouped = new WeakMap<ValidationMetadata[], Grouped>();
  const forget = (): void => {
    byTarget = new Map();
    grouped = new WeakMap();
  };

  storage.addValidationMetadata = (metadata: ValidationMetadata): void => {
    forget();
    addValidationMetadata(metadata);
  };
  storage.addConstraintMetadata = (metadata: ConstraintMetadata): void => {
    forget();
    if (metadata.async) cache.anyAsync = true;
    addConstraintMetadata(metadata);
  };
  storage.getTargetValidationMetadatas = (
    target: Target,
    schema: string,
    always: boolean,
    strictGroups: boolean,
    groups?: string[],
  ): ValidationMetadata[] => {
    if (schema || (groups && groups.length > 0) || typeof target !== 'function') {
      return targetMetadatas(target, schema, always, strictGroups, groups);
    }
    const options = `${always}:${strictGroups}`;
    let ofTarget = byTarget.get(target);
    if (!ofTarget) byTarget.set(target, (ofTarget = new Map<string, ValidationMetadata[]>()));
    let metadatas = ofTarget.get(options);
    if (!metadatas) {
      // Frozen: one list serves every validation of the class, so none may change it.
      metadatas = Object.freeze(
        targetMetadatas(target, schema, always, strictGroups, groups),
      ) as ValidationMetadata[];
      ofTarget.set(options, metadatas);
    }
    return metadatas;
  };
  storage.groupByPropertyName = (metadatas: ValidationMetadata[]): Grouped => {
    if (!Object.isFrozen(metadatas)) return groupByPropertyName(metadatas);
    let byProperty = grouped.get(metadatas);
    if (!byProperty) {
      byProperty = groupByPropertyName(metadatas);
      for (const list of Object.values(byProperty)) Object.freeze(list);
      grouped.set(metadatas, Object.freeze(byProperty));
    }
    return byProperty;
  };
  return cache;
}

/**
 * Nest's ValidationPipe with class-validator's lookups kept (see cacheValidationMetadata) and,
 * while every registered constraint is synchronous (class-validator's own all are; ours are
 * its decorators), validateSync in place of validate: the same rules and errors without a
 * promise per object. One async constraint registered, and it validates as before.
 */
export class CachedValidationPipe extends ValidationPipe {
  private readonly metadata = cacheValidationMetadata();

  constructor(options?: ValidationPipeOptions) {
    super(options);
  }

  protected override validate(
    object: object,
    validatorOptions?: ValidatorOptions,
  ): Promise<ValidationError[]> | ValidationError[] {
    return this.metadata.anyAsync
      ? validate(object, validatorOptions)
      : validateSync(object, validatorOptions);
  }
}

// The DBML renderer: catalog model -> schema.dbml (as blocks), and its check with @dbml/core's parser.
export { renderDbml, renderDbmlBlocks, dbmlText, type DbmlBlock, type DbmlNoteExtras } from './render.js';
export {
  validateDbml,
  DbmlValidator,
  DbmlValidationCache,
  DbmlValidationError,
  schemaDocsCacheDir,
  type BlockValidationOptions,
  type BlockValidationResult,
  type DbmlDiagnostic,
} from './validate.js';

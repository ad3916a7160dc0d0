// The DBML renderer: catalog model -> schema.dbml, and its check with @dbml/core's parser.
export { renderDbml, DbmlRenderError, type DbmlNoteExtras } from './render.js';
export { validateDbml, DbmlValidator, DbmlValidationError, type DbmlDiagnostic } from './validate.js';

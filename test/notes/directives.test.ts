import assert from 'node:assert/strict';
import { test } from 'node:test';

import { stripDirectives } from '../../scripts/notes/directives.js';

test('removes a multi-line @graphql(...) JSON directive, brackets inside strings included', () => {
  const comment = [
    'Workflow runs, one per execution.',
    '@graphql({',
    '  "name": "Run",',
    '  "totalCount": {"enabled": true},',
    '  "description": "a ) and a } inside a string, and an \\" escaped quote"',
    '})',
    'Rows are never deleted.',
  ].join('\n');
  assert.equal(stripDirectives(comment), 'Workflow runs, one per execution.\n\nRows are never deleted.');
});

test('removes a @graphql directive in the middle of a line and keeps the prose around it', () => {
  assert.equal(stripDirectives('Projects @graphql({"name": "Workspace"}) of a tenant.'), 'Projects of a tenant.');
  assert.equal(stripDirectives('Projects. @graphql({"name": "Workspace"})'), 'Projects.');
});

test('removes PostGraphile smart-tag lines, with or without a payload', () => {
  const comment = [
    '@omit create,update',
    '@name workspace',
    '  @foreignKey (owner) references auth.users (id)|@fieldName owner',
    '@isImportant',
    'Each project is a separate workspace.',
  ].join('\n');
  assert.equal(stripDirectives(comment), 'Each project is a separate workspace.');
});

test('a comment that is only directives leaves nothing: null', () => {
  assert.equal(stripDirectives('@graphql({"totalCount": {"enabled": true}})'), null);
  assert.equal(stripDirectives('@omit\n@name thing\n\n@graphql({\n  "name": "X"\n})\n'), null);
  assert.equal(stripDirectives('   \n'), null);
});

test('a comment without directives comes back exactly as written', () => {
  const comment = '  AES-GCM encrypted value.  \n\n\n  Mail support@example.com, not @ here.\n';
  assert.equal(stripDirectives(comment), comment);
});

test('an @ that does not start a line, or is not followed by a word, is prose', () => {
  assert.equal(stripDirectives('Contact: ops@meshhook.dev'), 'Contact: ops@meshhook.dev');
  assert.equal(stripDirectives('@ 5 per minute'), '@ 5 per minute');
});

test('an unclosed @graphql( runs to the end of the comment', () => {
  assert.equal(stripDirectives('Secrets vault.\n@graphql({"name": "Secret"\nmore text'), 'Secrets vault.');
});

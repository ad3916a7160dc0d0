import assert from 'node:assert/strict';
import { test } from 'node:test';

import { describedMarkdown } from '../../scripts/notes/describe.js';

test('pages show the COMMENT or the note alone, or both labelled', () => {
  assert.equal(describedMarkdown({ comment: null, note: null }), null);
  assert.equal(describedMarkdown({ comment: 'From the database.', note: null }), 'From the database.');
  assert.equal(describedMarkdown({ comment: null, note: 'From notes/.' }), 'From notes/.');
  assert.equal(
    describedMarkdown({ comment: 'From the database.', note: '- a list\n- in the note' }),
    '**Database comment:** From the database.\n\n**Note:**\n\n- a list\n- in the note',
  );
});

// triggers.md: every trigger with its table, timing, events, level, WHEN condition, function and state.
import type { Catalog } from '../../../model/types.js';
import { anchorFor } from '../anchors.js';
import type { Layout, TriggerOnRelation } from '../layout.js';
import { functionLink, sectionContext, tableLink, TRIGGER_ENABLED, triggerEvents, type SectionContext } from '../sections.js';
import { blocks, cellText, code, codeBlock, describedBlock, escapeText, heading, qualifiedName, table } from '../text.js';
import { renderPagedList } from './paged.js';

export function renderTriggerPages(catalog: Catalog, layout: Layout): Map<string, string> {
  return renderPagedList(layout.triggers, {
    title: 'Triggers',
    intro: () => 'Every trigger on the documented tables and views, by table and name.',
    empty: 'No triggers.',
    contents: ({ trigger, relation }) => ({
      text: `${escapeText(trigger.name)} on ${escapeText(qualifiedName(relation.schema, relation.name))}`,
      anchor: anchorFor('trigger', relation.schema, relation.name, trigger.name),
      summary: `${trigger.timing} ${escapeText(triggerEvents(trigger))}`,
    }),
    item: (item, page) => triggerSection(sectionContext(catalog, { page }, { level: 3, anchors: true }), item),
  });
}

function triggerSection(ctx: SectionContext, { trigger, relation }: TriggerOnRelation): string {
  return blocks(
    heading(2, `${escapeText(trigger.name)} on ${escapeText(qualifiedName(relation.schema, relation.name))}`, anchorFor('trigger', relation.schema, relation.name, trigger.name)),
    describedBlock(trigger),
    table(
      ['Table', 'Timing', 'Events', 'Level', 'WHEN', 'Function', 'Enabled'],
      [
        [
          tableLink(ctx, relation.schema, relation.name),
          trigger.timing,
          cellText(triggerEvents(trigger)),
          trigger.level === 'ROW' ? 'FOR EACH ROW' : 'FOR EACH STATEMENT',
          trigger.when ? code(trigger.when, { inTable: true }) : '—',
          functionLink(ctx, trigger.function),
          TRIGGER_ENABLED[trigger.enabled] + (trigger.isConstraint ? ', constraint trigger' : ''),
        ],
      ],
    ),
    trigger.arguments.length > 0 ? `Arguments passed to the function: ${trigger.arguments.map((a) => code(a)).join(', ')}.` : null,
    codeBlock(trigger.definition),
  );
}

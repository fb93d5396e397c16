/**
 * "Copy as ticket text": a diagnosis as Markdown for a support ticket (the error, its class, the verdict,
 * the cause and the fix). Everything in it may come from a customer's paste or estate, so free text is
 * escaped inline (no links, images, HTML or emphasis can be smuggled in) and code sits in fences longer
 * than any backtick run it contains (CommonMark "Fenced code blocks": the closing fence must be at least as long).
 */
import type { Diagnosis } from '@/lib/diagnose/diagnose';
import { causeTitle } from '@/components/rule-titles';
import { count } from '@/components/format';

/** The longest a single inline value may be in the ticket. */
const MAX_INLINE = 1_000;
/** The error lines quoted at most, and the characters per line. */
const MAX_ERROR_LINES = 12;
const MAX_LINE = 1_000;

/** Escapes text for one line of Markdown: control characters and line breaks become spaces, punctuation that starts markup is backslash-escaped. */
export function inlineMarkdown(text: string, max = MAX_INLINE): string {
  let s = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
  if (s.length > max) s = `${s.slice(0, max)}…`;
  return s.replace(/[\\`*_[\]<>#|~&]/g, (c) => `\\${c}`);
}

/** A fenced code block whose fence no backtick run in `text` can close. */
export function fenced(text: string, info = ''): string {
  let longest = 0;
  let run = 0;
  for (const ch of text) {
    run = ch === '`' ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const body = text.endsWith('\n') ? text : `${text}\n`;
  return `${fence}${info}\n${body}${fence}`;
}

function cut(line: string): string {
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line;
}

/** The lines of the paste that carry the error: those holding the matched excerpt, else the first lines. */
export function errorExcerpt(errorText: string, matched: string | null): string {
  const lines = errorText.split(/\r\n|\r|\n/, 5_000).map((l) => l.trimEnd());
  const hits = matched ? lines.filter((l) => l.includes(matched)) : [];
  const chosen = (hits.length ? hits : lines.filter((l) => l.trim() !== '')).slice(0, MAX_ERROR_LINES).map((l) => cut(l.trim()));
  const more = (hits.length ? hits.length : lines.filter((l) => l.trim() !== '').length) - chosen.length;
  return chosen.join('\n') + (more > 0 ? `\n… (${more} more line${more === 1 ? '' : 's'})` : '');
}

function poolName(name: string): string {
  const m = /\/clusters\/([^/]+)\/nodePools\/([^/]+)$/.exec(name);
  return m ? `${m[1]} / ${m[2]}` : name;
}

const VERDICT_TEXT = { 'can-pull': 'can pull', 'cannot-pull': 'cannot pull', unknown: 'unknown' } as const;

/** The Markdown for a support ticket. `link` is the diagnosis's URL, when it has one. */
export function ticketText(d: Diagnosis, errorText: string, link: string | null): string {
  const out: string[] = [];
  const subject = d.found.image ?? d.found.repository ?? d.image?.raw ?? 'an image';
  out.push(`### Image pull failure: ${inlineMarkdown(subject, 300)}`, '');
  out.push(`**Diagnosis:** ${inlineMarkdown(d.summary)}`);
  if (link) out.push(`**Link:** <${link.replace(/[<>\s]/g, '')}>`);
  out.push('', '**The error**', '', fenced(errorExcerpt(errorText, d.classification.matched), 'text'), '');

  const cls = d.classification;
  const how = cls.classId === null ? 'unrecognized' : cls.ambiguous ? 'the text alone cannot tell the causes apart' : 'the text is specific';
  out.push(`**Error class:** ${cls.classId ? inlineMarkdown(cls.title) : 'Unrecognized'} (${how})`);

  if (d.verdictGroups.length === 0) {
    out.push('**Verdict:** no node pool was judged against the scan');
  } else {
    out.push('**Verdict:**');
    for (const g of d.verdictGroups.slice(0, 10)) {
      const pools = g.nodePools.slice(0, 5).map((p) => inlineMarkdown(poolName(p), 200)).join(', ');
      const more = g.nodePools.length > 5 ? `, and ${count(g.nodePools.length - 5, 'more')}` : '';
      const causes = g.causes.length ? `: ${[...new Set(g.causes.map((c) => causeTitle(c.rule)))].map((t) => inlineMarkdown(t)).join('; ')}` : '';
      out.push(`- ${VERDICT_TEXT[g.verdict]} (${count(g.nodePools.length, 'node pool')}: ${pools}${more})${causes}`);
    }
    if (d.verdictGroups.length > 10) out.push(`- … ${count(d.verdictGroups.length - 10, 'more group')}`);
  }
  out.push('');

  const top = d.rankedCauses[0];
  if (!top) {
    out.push('**Cause:** none found in the estate; reproduce the pull on a node to see the registry’s own answer.', '');
    out.push('**Check on a node**', '', fenced(d.onNodeCheck.linux, 'sh'));
    return out.join('\n');
  }
  out.push(`**Cause** (${top.confidence} confidence): ${inlineMarkdown(causeTitle(top.rule))}`, '', inlineMarkdown(top.message, 4_000), '');
  const r = top.remediation;
  if (r) {
    out.push('**Fix**', '');
    if (r.warning) out.push(`> ⚠ ${inlineMarkdown(r.warning)}`, '');
    r.steps.forEach((s, i) => out.push(`${i + 1}. ${inlineMarkdown(s)}`));
    if (r.steps.length) out.push('');
    if (r.gcloud) out.push(fenced(r.gcloud, 'sh'), '');
    if (r.terraform) out.push(fenced(r.terraform, 'hcl'), '');
    for (const u of r.docs.filter((x) => /^https:\/\/[^\s<>]+$/.test(x))) out.push(`- <${u}>`);
    if (r.docs.length) out.push('');
  }
  const others = d.rankedCauses.slice(1, 4);
  if (others.length) {
    out.push('**Other possible causes**', '');
    for (const c of others) out.push(`- ${inlineMarkdown(causeTitle(c.rule))} (${c.confidence} confidence)`);
    out.push('');
  }
  return out.join('\n').trimEnd() + '\n';
}

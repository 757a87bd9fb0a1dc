// What a message is for. Rules in order of precedence, each a pattern a reviewer can read: a
// correction before a "no" (so "no, it was 45" corrects rather than cancels), a question about money
// before an amount (so "did I spend $40 on gas?" asks rather than records), an amount before small
// talk (so "hi! lunch 12" records).

import type { ChatIntent } from './types.ts';

/** What the extractors found, which the rules need. */
export interface MessageFacts {
  readonly hasMoney: boolean;
  readonly hasDate: boolean;
  readonly hasCategory: boolean;
  /** A spending or earning verb ("bought", "paid", "got paid"). */
  readonly hasKindVerb: boolean;
}

const UNDO = /\bundo\b|\b(?:delete|remove|scrap|revert|take back|drop|erase)\b.*\b(?:last|previous|latest|that one|that entry|what you just)\b|^take (?:it|that) back$/;
const CORRECT = new RegExp(
  [
    "^(?:actually|correction|wait|sorry|oops|no|nope|nah|wrong)\\b[\\s,!.:-]*(?:it|that|the|make|change|i meant|should|was|it's|its|not)\\b",
    "^(?:make (?:it|that)|change (?:it|that|the \\w+)|it should|should (?:be|have been)|it was|that was|it's actually|i meant|wrong (?:category|amount|date|currency|price))\\b",
    '\\binstead of\\b',
    '^(?:set|update) (?:the )?(?:category|amount|date|price|currency) to\\b',
    '^(?:put|move|file) (?:it|that|this) (?:under|in|into|as)\\b',
  ].join('|'),
);
const CANCEL = /^(?:no|nope|nah|cancel|never ?mind|nvm|forget (?:it|that|about it)|don'?t (?:save|add|record|log)|discard|stop|abort|scratch that|not now|skip)\b|\bcancel\b|\bdon'?t save\b/;
const CONFIRM_WORDS = new Set(['yes', 'yep', 'yeah', 'yup', 'ya', 'y', 'ok', 'okay', 'k', 'sure', 'confirm', 'confirmed', 'save', 'it', 'that', 'do', 'go', 'ahead', 'please', 'pls', 'correct', 'right', 'looks', 'look', 'good', 'great', 'perfect', 'fine', "that's", 'thats', 'exactly', 'absolutely', 'definitely', 'add', 'record', 'log', 'sounds', 'lgtm', '👍', 'alright', 'cool', 'thanks', 'thank', 'you', 'is', 'all', 'yes,', 'yess', 'yesss', 'si', 'ja', 'oui']);
const CONFIRM_STRONG = /\b(?:yes+|yep|yeah|yup|ya|y|ok|okay|k|sure|confirm(?:ed)?|save|go ahead|do it|correct|right|good|perfect|lgtm|alright|add it|record it|log it|si|ja|oui)\b|👍/;
const HELP = /^(?:help|help me|\?|menu|commands|options)$|\bwhat can (?:you|i) (?:do|say|ask|type)\b|\bhow (?:do|can|should) i (?:use|add|record|log|track|enter|delete|undo|correct|change|edit|remove)\b|\bcommands\b|\bhow does (?:this|it) work\b|\binstructions\b|\bwhat do you do\b|\bwhat are you for\b|^help\b|\bwhere (?:do|should) i start\b|\bget(?:ting)? started\b/;
const SUMMARY = /\b(?:summar(?:y|ies|ise|ize)|recap|overview|breakdown|report)\b|\bhow(?: am|'m) i doing\b|\bhow are my finances\b|\bfinancial health\b|\bstate of my finances\b/;
const QUESTION_START = /^(?:how|what|what's|whats|which|when|where|why|who|am i|are|is|do i|did i|does|have i|has|can|could|should|show|list|tell me|give me|where's)\b/;
const FINANCE = /\b(?:spen[dt]|spending|earn(?:ed|ings|ing)?|income|made|make|paid|pay|budget|cost|costs|expenses?|money|sav(?:e|ed|ings)|categor(?:y|ies)|bought|buy|purchases?|transactions?|total|net|afford|eat out|ate out|dining|bills?|subscriptions?|salary|owe)\b/;
const SMALL_TALK = /^(?:hi+|hey+|hello+|yo|hiya|howdy|sup|greetings|good (?:morning|afternoon|evening|night|day)|thanks?|thank you|thx|ty|cheers|bye|goodbye|see you|lol|haha+|nice|cool|great|awesome|wow|ok cool|gm|gn)\b|\bhow are you\b|\bwhat'?s up\b|\bjoke\b|\bweather\b|\bwho are you\b|\byour name\b|\bare you (?:a )?(?:bot|human|real|ai)\b|\bi love you\b|\byou(?:'re| are) (?:awesome|great|funny|smart|dumb|stupid|the best)\b|\bmeaning of life\b/;

function isConfirmation(s: string): boolean {
  const tokens = s.split(/[\s,!.]+/).filter(Boolean);
  return tokens.length > 0 && tokens.length <= 6 && tokens.every((t) => CONFIRM_WORDS.has(t)) && CONFIRM_STRONG.test(s);
}

/** The intent of a normalised message. */
export function classifyIntent(text: string, facts: MessageFacts): ChatIntent {
  const raw = text.trim();
  const s = raw.replace(/[\s.!?]+$/, '').replace(/^[\s,.!]+/, '');
  if (!s) return raw.includes('?') ? 'HELP' : 'UNKNOWN';
  const short = s.split(/\s+/).length <= 6;
  if (UNDO.test(s) && short) return 'UNDO';
  if (CORRECT.test(s) && !CANCEL_ONLY.test(s)) return 'CORRECT';
  if (short && !facts.hasMoney) {
    if (CANCEL.test(s)) return 'CANCEL';
    if (isConfirmation(s)) return 'CONFIRM';
  }
  if (HELP.test(s)) return 'HELP';
  if (SUMMARY.test(s)) return 'SUMMARY';
  const question = /\?\s*$/.test(raw) || QUESTION_START.test(s);
  if (question && (FINANCE.test(s) || facts.hasCategory)) return 'QUERY';
  if (facts.hasMoney) return 'ADD_TRANSACTION';
  if (facts.hasCategory && (facts.hasKindVerb || facts.hasDate)) return 'ADD_TRANSACTION';
  if (question || SMALL_TALK.test(s)) return 'SMALL_TALK';
  return 'UNKNOWN';
}

// "no, cancel that" starts like a correction ("no, ... that") but only cancels.
const CANCEL_ONLY = /^(?:no|nope|nah)\b[\s,!.]*(?:thanks|thank you)?[\s,!.]*(?:cancel|don'?t|forget|never ?mind|stop|discard)\b/;

/**
 * Program definitions as JSON: {@link dev.loyaltykit.rules.json.ProgramJson} reads a
 * {@link dev.loyaltykit.rules.ProgramDefinition} from a document and writes one back; the
 * format is described there.
 *
 * <p>Reading reports every problem of a document at once, each as a
 * {@link dev.loyaltykit.rules.json.DefinitionError} with its JSON path (such as
 * {@code $.accrual[2].percent}), in one {@link dev.loyaltykit.rules.json.ProgramDefinitionException};
 * it never returns a partly loaded definition. Documents are walked as trees of JSON values, and
 * rule kinds come from a fixed list of names, never from class names, so a document from an
 * untrusted source can create nothing but the built-in rule kinds.
 *
 * <p>Null: no method accepts or returns {@code null}; passing it throws
 * {@link java.lang.NullPointerException}. In a document, {@code null} is never a valid value:
 * leave an optional field out instead.
 */
package dev.loyaltykit.rules.json;

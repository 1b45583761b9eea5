/** The order's field that holds the customer's contact info (the order codec's `contact-info`). */
const CONTACT_FIELD = 'contact-info';

/**
 * A stored order for the terminal: every field but the contact info, which is replaced by the names of the fields it
 * holds (`email`, `phone`). Operators never see it in the command's output; whoever must reach the customer reads
 * the item with their own DynamoDB access.
 */
export const withoutContactInfo = (item: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> => {
  const contact = item[CONTACT_FIELD];
  if (contact === undefined) return item;
  const fields = typeof contact === 'object' && contact !== null ? Object.keys(contact).sort() : [];
  return { ...item, [CONTACT_FIELD]: `(withheld: ${fields.join(', ') || 'present'})` };
};

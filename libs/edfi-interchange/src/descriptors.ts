/** Ed-Fi's own descriptor namespace prefix: uri://ed-fi.org/<DescriptorName>#<codeValue>. */
const EDFI_DESCRIPTOR_NAMESPACE = 'uri://ed-fi.org/';

/**
 * Properties Ed-Fi names after their role rather than their descriptor, as the Ed-Fi-Core XSD
 * annotates them (ann:Descriptor); every other xxxDescriptor property holds an XxxDescriptor.
 */
const ROLE_NAMED_DESCRIPTORS: Readonly<Record<string, string>> = {
  administrationLanguageDescriptor: 'LanguageDescriptor',
  attemptedCreditTypeDescriptor: 'CreditTypeDescriptor',
  birthCountryDescriptor: 'CountryDescriptor',
  birthSexDescriptor: 'SexDescriptor',
  birthStateAbbreviationDescriptor: 'StateAbbreviationDescriptor',
  earnedCreditTypeDescriptor: 'CreditTypeDescriptor',
  entryGradeLevelDescriptor: 'GradeLevelDescriptor',
  whenAssessedGradeLevelDescriptor: 'GradeLevelDescriptor',
  whenTakenGradeLevelDescriptor: 'GradeLevelDescriptor',
};

export function isDescriptorProperty(property: string): boolean {
  return property.endsWith('Descriptor');
}

/**
 * A descriptor value as the contracts want it, namespace#codeValue. Values that already name
 * their namespace are kept; a bare code value (which Ed-Fi XML allows) gets Ed-Fi's namespace.
 */
export function edfiDescriptorUri(property: string, value: string): string {
  if (value.includes('#')) return value;
  const descriptor = ROLE_NAMED_DESCRIPTORS[property] ?? property.charAt(0).toUpperCase() + property.slice(1);
  return `${EDFI_DESCRIPTOR_NAMESPACE}${descriptor}#${value}`;
}

// The units the campaign measures in, spelled once (docs/api.md "Bodies"): land in 亩, floor space in m², investment
// in 亿元. The web app's forms and pages label every measure with these, so two forms cannot spell a unit differently.
export const UNIT = {
  land: '亩',
  floorArea: 'm²',
  investment: '亿元',
} as const;

export type UnitKey = keyof typeof UNIT;

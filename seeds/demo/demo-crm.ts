import { parseDeadlineSpec, planDeadline } from '../../src/core/common/deadline-calendar';
import type { Faker } from '@faker-js/faker';
import { EntityManager, In, Like } from 'typeorm';
import { ChamberEntity, CHAMBER_KINDS } from '../../src/modules/chambers/chamber.entity';
import { companyNamePinyin, normaliseCompanyName } from '../../src/shared/company-name';
import { COMPANY_FLAGS, OWNERSHIPS } from '../../src/shared/company.constants';
import { CompanyEntity, CompanyFlagEntity } from '../../src/modules/companies/company.entity';
import { creditCodeCheckCharacter } from '../../src/modules/companies/credit-code';
import { LEAD_CATEGORIES, SOURCE_KINDS } from '../../src/shared/lead.constants';
import { LeadEntity } from '../../src/modules/leads/lead.entity';
import { StageEventEntity } from '../../src/modules/leads/lead-records.entity';
import { PIPELINE, Stage } from '../../src/shared/lead-stages';
import { RegionEntity } from '../../src/modules/regions/region.entity';
import { UserEntity } from '../../src/modules/users/user.entity';
import { hashPassword } from '../../src/modules/users/password-hasher';
import { CLUSTER_SEEDS } from '../clusters';
import { DEMO_NAME_MARK } from './demo-marks';

export const DEMO_USER_PREFIX = 'demo.';
export const DEMO_PASSWORD = 'demo-password-2026';
const CHUNK = 500;
const DAY = 24 * 3600 * 1000;
const ORIGINS = [
  '440100',
  '440300',
  '440400',
  '440600',
  '441300',
  '441900',
  '442000',
  '440700',
  '441200',
  '810000',
  '820000',
  '330000',
  '320000',
  '350000',
];

/** The default CHAMBER_FEEDBACK_DEADLINE. */
const CHAMBER_FEEDBACK = parseDeadlineSpec('5wd');

async function insertChunked<T extends object>(
  manager: EntityManager,
  entity: new () => T,
  rows: object[],
): Promise<number[]> {
  const firstIds: number[] = [];
  for (let start = 0; start < rows.length; start += CHUNK) {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(entity)
      .values(rows.slice(start, start + CHUNK) as never)
      .updateEntity(false)
      .execute();
    firstIds.push(Number(result.raw.insertId));
  }
  return firstIds;
}

/** Ids of a chunked multi-row insert: consecutive within each chunk (InnoDB's auto-increment for bulk inserts). */
const idsOf = (firstIds: number[], count: number): string[] =>
  Array.from({ length: count }, (_, index) => String(firstIds[Math.floor(index / CHUNK)] + (index % CHUNK)));

/** A manager, an officer and a resident at the region, at each city and at the first county of each city. */
export async function seedDemoUsers(
  manager: EntityManager,
): Promise<Array<{ id: string; role: string; regionCode: string; cityCode: string | null }>> {
  const cities = await manager.find(RegionEntity, { where: { parentCode: '450000' }, order: { code: 'ASC' } });
  const counties = await manager.find(RegionEntity, {
    where: { level: 'county', parentCode: In(cities.map((city) => city.code)) },
    order: { code: 'ASC' },
  });
  const firstCounty = cities.map((city) => counties.find((county) => county.parentCode === city.code)!).filter(Boolean);
  const units = [
    { code: '450000', cityCode: null as string | null },
    ...cities.map((c) => ({ code: c.code, cityCode: c.code })),
    ...firstCounty.map((c) => ({ code: c.code, cityCode: c.cityCode })),
  ];
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const rows = units.flatMap((unit) =>
    (['manager', 'officer', 'resident'] as const).map((role) => ({
      username: `${DEMO_USER_PREFIX}${role}.${unit.code}`,
      displayName: `${DEMO_NAME_MARK}${role === 'manager' ? '分管领导' : role === 'officer' ? '招商专员' : '驻点队员'}${unit.code}`,
      role,
      regionCode: unit.code,
      cityCode: unit.cityCode,
      teamId: null,
      active: true,
      passwordHash,
      createdBy: null,
      version: 1,
    })),
  );
  await manager.createQueryBuilder().insert().into(UserEntity).values(rows).orIgnore().updateEntity(false).execute();
  const saved = await manager.find(UserEntity, {
    select: { id: true, role: true, regionCode: true, cityCode: true },
    where: { username: Like(`${DEMO_USER_PREFIX}%`) },
  });
  return saved.map((user) => ({
    id: String(user.id),
    role: user.role,
    regionCode: user.regionCode,
    cityCode: user.cityCode,
  }));
}

export async function seedDemoCompanies(
  manager: EntityManager,
  faker: Faker,
  count: number,
): Promise<Array<{ id: string; ownership: string }>> {
  const rows = Array.from({ length: count }, (_, index) => {
    const name =
      `${DEMO_NAME_MARK}${faker.location.city()}${faker.company.name().replace(/有限公司|股份|集团/g, '')}${index}有限公司`.slice(
        0,
        120,
      );
    const ownership = faker.helpers.weightedArrayElement([
      { weight: 2, value: 'central_soe' },
      { weight: 2, value: 'local_soe' },
      { weight: 10, value: 'private' },
      { weight: 2, value: 'foreign' },
      { weight: 2, value: 'hk_macao_taiwan' },
    ]) as (typeof OWNERSHIPS)[number];
    const body =
      `91${faker.helpers.arrayElement(ORIGINS).replace('810000', '440300').replace('820000', '440400')}MA${String(10_000_000 + index).slice(-7)}`.slice(
        0,
        17,
      );
    const cluster = faker.helpers.arrayElement(CLUSTER_SEEDS);
    const { full, initials } = companyNamePinyin(name);
    return {
      name,
      nameNormalised: normaliseCompanyName(name).slice(0, 128),
      namePinyin: full,
      nameInitials: initials,
      creditCode:
        ownership === 'foreign' || ownership === 'hk_macao_taiwan' ? null : body + creditCodeCheckCharacter(body),
      ownership,
      originRegionCode: faker.helpers.arrayElement(ORIGINS),
      clusterCode: cluster.code,
      segmentCode: faker.helpers.arrayElement(cluster.segments).code,
      flags: faker.helpers.arrayElements(COMPANY_FLAGS, { min: 0, max: 2 }),
      annualRevenue: faker.number.float({ min: 0.5, max: 800, fractionDigits: 2 }).toFixed(4),
      employees: faker.number.int({ min: 50, max: 50_000 }),
      website: null,
      contacts: [{ name: faker.person.fullName(), title: '投资发展部经理', phone: `13${faker.string.numeric(9)}` }],
      createdBy: null,
      version: 1,
    };
  });
  const ids = idsOf(await insertChunked(manager, CompanyEntity, rows), rows.length);
  const flags = rows.flatMap((row, index) => row.flags.map((flag) => ({ companyId: ids[index], flag })));
  await insertChunked(manager, CompanyFlagEntity, flags);
  return rows.map((row, index) => ({ id: ids[index], ownership: row.ownership }));
}

export async function seedDemoChambers(manager: EntityManager, faker: Faker, count: number): Promise<string[]> {
  const rows = Array.from({ length: count }, (_, index) => ({
    name: `${DEMO_NAME_MARK}${faker.helpers.arrayElement(['深圳市', '广州市', '东莞市', '佛山市', '珠海市'])}${faker.helpers.arrayElement(['广西商会', '电子行业协会', '家具协会', '汽车零部件商会', '新材料产业联盟'])}${index}`,
    kind: faker.helpers.arrayElement(CHAMBER_KINDS),
    regionCode: faker.helpers.arrayElement(['440100', '440300', '441900', '440600', '440400']),
    clusterCodes: faker.helpers.arrayElements(
      CLUSTER_SEEDS.map((c) => c.code),
      { min: 1, max: 3 },
    ),
    contacts: [{ name: faker.person.fullName(), title: '秘书长', phone: `13${faker.string.numeric(9)}` }],
    agreementSignedAt: faker.datatype.boolean() ? faker.date.past({ years: 2 }).toISOString().slice(0, 10) : null,
    notes: null,
    createdBy: null,
    version: 1,
  }));
  return idsOf(await insertChunked(manager, ChamberEntity, rows), rows.length);
}

/** Leads in every stage, each with the stage events that led there, held by the demo officers' units. */
export async function seedDemoLeads(
  manager: EntityManager,
  faker: Faker,
  count: number,
  companies: Array<{ id: string; ownership: string }>,
  chambers: string[],
  users: Array<{ id: string; role: string; regionCode: string; cityCode: string | null }>,
): Promise<number> {
  const officers = users.filter((user) => user.role === 'officer');
  const now = Date.now();
  const plans = Array.from({ length: count }, () => {
    const reached = faker.helpers.weightedArrayElement(
      PIPELINE.map((_stage, index) => ({ weight: 7 - index, value: index })),
    );
    const offRamp = faker.helpers.weightedArrayElement([
      { weight: 8, value: null },
      { weight: 1, value: 'on_hold' as const },
      { weight: 1, value: 'lost' as const },
    ]);
    const start = now - faker.number.int({ min: 30, max: 700 }) * DAY;
    // Each stage entered 5 to 40 days after the previous one, never later than two days ago.
    const times: number[] = [];
    for (let index = 0, time = start; index <= reached; index++, time += faker.number.int({ min: 5, max: 40 }) * DAY) {
      times.push(Math.min(time, now - 2 * DAY));
    }
    return { reached, offRamp: reached < PIPELINE.length - 1 ? offRamp : null, times };
  });
  const rows = plans.map((plan, index) => {
    const company = faker.helpers.arrayElement(companies);
    const owner = faker.helpers.arrayElement(officers);
    const cluster = faker.helpers.arrayElement(CLUSTER_SEEDS);
    const reachedStage = PIPELINE[plan.reached];
    const stage: Stage = plan.offRamp ?? reachedStage;
    const at = (stageIndex: number) => (plan.reached >= stageIndex ? new Date(plan.times[stageIndex]) : null);
    const signedAmount = plan.reached >= 4 ? faker.number.float({ min: 0.5, max: 60, fractionDigits: 2 }) : null;
    const chamberId = chambers.length > 0 && index % 3 === 0 ? faker.helpers.arrayElement(chambers) : null;
    const created = new Date(plan.times[0]);
    return {
      companyId: company.id,
      ownership: company.ownership,
      title: `${DEMO_NAME_MARK}${faker.helpers.arrayElement(cluster.segments).name}项目${index}`,
      clusterCode: cluster.code,
      segmentCode: null,
      sourceKind: chamberId ? 'chamber' : faker.helpers.arrayElement(SOURCE_KINDS.filter((kind) => kind !== 'chamber')),
      sourceChamberId: chamberId,
      sourceVisitId: null,
      sourceNote: null,
      expectedInvestment: faker.number.float({ min: 0.5, max: 80, fractionDigits: 2 }).toFixed(4),
      landNeedMu: faker.number.int({ min: 0, max: 800 }).toFixed(2),
      factoryNeedSqm: faker.number.int({ min: 0, max: 100_000 }).toFixed(2),
      categories: faker.helpers.arrayElements(LEAD_CATEGORIES, { min: 0, max: 2 }),
      regionCode: owner.regionCode,
      cityCode: owner.cityCode,
      ownerUserId: owner.id,
      nextFollowUpAt: faker.datatype.boolean() ? new Date(now + faker.number.int({ min: -10, max: 30 }) * DAY) : null,
      confidential: false,
      codeName: null,
      stage,
      stageBeforeHold: plan.offRamp === 'on_hold' ? reachedStage : null,
      stageEnteredAt: new Date(plan.times[plan.reached] + (plan.offRamp ? DAY : 0)),
      siteVisitAt: at(2),
      signedAt: at(4),
      signedAmount: signedAmount === null ? null : signedAmount.toFixed(4),
      parkId: null,
      parkName:
        plan.reached >= 4
          ? faker.helpers.arrayElement([
              '钦州石化产业园区',
              '惠科电子北海产业新城',
              '广西智能制造城(柳州)',
              '贺州东融产业园',
            ])
          : null,
      constructionStartedAt: at(5),
      producedAt: at(6),
      lostReason: plan.offRamp === 'lost' ? '企业另选投资地' : null,
      chamberFeedbackDueAt: chamberId ? planDeadline(created, CHAMBER_FEEDBACK).dueAt : null,
      chamberFeedbackGivenAt: chamberId && faker.datatype.boolean() ? new Date(created.getTime() + 5 * DAY) : null,
      fundsReceivedTotal:
        signedAmount !== null && plan.reached >= 5
          ? (signedAmount * faker.number.float({ min: 0.1, max: 0.9 })).toFixed(4)
          : '0',
      createdBy: owner.id,
      version: 1,
      lastActivityAt: new Date(Math.min(now, plan.times[plan.reached] + 2 * DAY)),
      createdAt: created,
    };
  });
  const ids = idsOf(await insertChunked(manager, LeadEntity, rows), rows.length);
  const events = plans.flatMap((plan, index) => {
    const lead = rows[index];
    const base = {
      leadId: ids[index],
      userId: lead.ownerUserId,
      note: null,
      regionCode: lead.regionCode,
      cityCode: lead.cityCode,
      clusterCode: lead.clusterCode,
      // Demo projects count as entered before 甄别确认 (docs/domain.md "Signing confirmation").
      claimId: null,
      confirmation: null,
    };
    const entered: Array<Omit<StageEventEntity, 'id' | 'createdAt' | 'lead'>> = PIPELINE.slice(0, plan.reached + 1).map(
      (stage, stageIndex) => ({
        ...base,
        fromStage: stageIndex === 0 ? null : PIPELINE[stageIndex - 1],
        toStage: stage,
        at: new Date(plan.times[stageIndex]),
        reason: null,
      }),
    );
    if (plan.offRamp) {
      entered.push({
        ...base,
        fromStage: PIPELINE[plan.reached],
        toStage: plan.offRamp,
        at: lead.stageEnteredAt,
        reason: lead.lostReason ?? '企业暂缓投资',
      });
    }
    return entered;
  });
  await insertChunked(manager, StageEventEntity, events);
  return rows.length;
}

/** Removes every demo record, children first. */
export async function removeDemoCrm(manager: EntityManager): Promise<Record<string, number>> {
  const leads = await manager.delete(LeadEntity, { title: Like(`${DEMO_NAME_MARK}%`) });
  const companies = await manager.delete(CompanyEntity, { name: Like(`${DEMO_NAME_MARK}%`) });
  const chambers = await manager.delete(ChamberEntity, { name: Like(`${DEMO_NAME_MARK}%`) });
  const users = await manager.delete(UserEntity, { username: Like(`${DEMO_USER_PREFIX}%`) });
  return {
    leads: leads.affected ?? 0,
    companies: companies.affected ?? 0,
    chambers: chambers.affected ?? 0,
    users: users.affected ?? 0,
  };
}

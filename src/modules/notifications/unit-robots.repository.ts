import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { RobotChannel, UnitRobotEntity } from './unit-robot.entity';

export type UnitRobotValues = Pick<UnitRobotEntity, 'webhookUrl' | 'secret' | 'enabled' | 'updatedBy'>;

/** The units' own group robots; reads are by unit code, which the service has checked against the caller's scope. */
@Injectable()
export class UnitRobotsRepository {
  constructor(@InjectRepository(UnitRobotEntity) private readonly robots: Repository<UnitRobotEntity>) {}

  ofUnit(regionCode: string): Promise<UnitRobotEntity[]> {
    return this.robots.find({ where: { regionCode }, order: { channel: 'ASC' } });
  }

  find(regionCode: string, channel: RobotChannel, manager?: EntityManager): Promise<UnitRobotEntity | null> {
    return (manager ?? this.robots.manager).findOne(UnitRobotEntity, { where: { regionCode, channel } });
  }

  /** The enabled robots of `regionCodes`: where an alert for those units is posted. */
  enabledOf(
    manager: EntityManager,
    regionCodes: string[],
  ): Promise<Array<Pick<UnitRobotEntity, 'regionCode' | 'channel'>>> {
    if (regionCodes.length === 0) return Promise.resolve([]);
    return manager.find(UnitRobotEntity, {
      select: { regionCode: true, channel: true },
      where: { regionCode: In(regionCodes), enabled: true },
    });
  }

  async insert(manager: EntityManager, regionCode: string, channel: RobotChannel, values: UnitRobotValues) {
    await manager.insert(UnitRobotEntity, { regionCode, channel, ...values, version: 1 });
  }

  /** Applies `values` if the robot is still at `version`; false when someone saved it first. */
  async updateIfVersion(
    manager: EntityManager,
    id: string,
    version: number,
    values: UnitRobotValues,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(UnitRobotEntity)
      .set({ ...values, version: () => 'version + 1' } as never)
      .where('id = :id AND version = :version', { id, version })
      .execute();
    return result.affected === 1;
  }

  async remove(manager: EntityManager, id: string): Promise<void> {
    await manager.delete(UnitRobotEntity, { id });
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, Permissions } from '../../core/auth/auth.decorators';
import type { AuthPrincipal } from '../../core/auth/principal';
import { ApiReadErrors } from '../../core/errors/error-body.dto';
import {
  RobotTestDto,
  UnitCodeParamDto,
  UnitRobotDto,
  UnitRobotListDto,
  UnitRobotParamDto,
  UnitRobotPutDto,
} from './dto/unit-robot.dto';
import { UnitRobotsService } from './unit-robots.service';

/** Who keeps a unit's robots: administrators, and managers of the unit or a unit above it. */
const ROBOT_KEEPERS = ['admin', 'manager'] as const;

@ApiTags('notifications')
@ApiReadErrors()
@Controller('regions/:code/robots')
export class UnitRobotsController {
  constructor(private readonly robots: UnitRobotsService) {}

  @Get()
  @Permissions(...ROBOT_KEEPERS)
  @ApiOperation({ summary: 'A unit’s own group robots (企业微信 / 钉钉), their tokens masked' })
  @ApiOkResponse({ type: UnitRobotListDto })
  list(@Auth() principal: AuthPrincipal, @Param() params: UnitCodeParamDto): Promise<UnitRobotListDto> {
    return this.robots.list(principal, params.code);
  }

  @Put(':channel')
  @Permissions(...ROBOT_KEEPERS)
  @ApiOperation({ summary: 'Register or change the unit’s robot of a channel; its alerts go to that group too' })
  @ApiOkResponse({ type: UnitRobotDto })
  put(
    @Auth() principal: AuthPrincipal,
    @Param() params: UnitRobotParamDto,
    @Body() body: UnitRobotPutDto,
  ): Promise<UnitRobotDto> {
    return this.robots.put(principal, params.code, params.channel, body);
  }

  @Delete(':channel')
  @HttpCode(204)
  @Permissions(...ROBOT_KEEPERS)
  @ApiOperation({ summary: 'Remove the unit’s robot of a channel' })
  @ApiNoContentResponse()
  remove(@Auth() principal: AuthPrincipal, @Param() params: UnitRobotParamDto): Promise<void> {
    return this.robots.remove(principal, params.code, params.channel);
  }

  @Post(':channel/test')
  @HttpCode(200)
  @Permissions(...ROBOT_KEEPERS)
  @ApiOperation({ summary: 'Queue a test message to the unit’s robot (its outcome is in the delivery log)' })
  @ApiOkResponse({ type: RobotTestDto })
  test(@Auth() principal: AuthPrincipal, @Param() params: UnitRobotParamDto): Promise<RobotTestDto> {
    return this.robots.test(principal, params.code, params.channel);
  }
}

import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, Permissions } from '../../core/auth/auth.decorators';
import type { AuthPrincipal } from '../../core/auth/principal';
import { ANY_ROLE } from '../../core/auth/roles';
import { ApiReadErrors } from '../../core/errors/error-body.dto';
import {
  KeyIndustrialCountyPutDto,
  RegionCodeParamDto,
  RegionListQueryDto,
  RegionPageDto,
  RegionResponseDto,
  RegionTreeNodeDto,
} from './dto/region.dto';
import { RegionsService } from './regions.service';

@ApiTags('regions')
@ApiReadErrors()
@Controller('regions')
export class RegionsController {
  constructor(private readonly regions: RegionsService) {}

  @Get()
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'Administrative divisions, filtered by parent or level' })
  @ApiOkResponse({ type: RegionPageDto })
  list(@Query() query: RegionListQueryDto): Promise<RegionPageDto> {
    return this.regions.list(query);
  }

  @Get(':code')
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'One division with everything below it (cities and their counties)' })
  @ApiOkResponse({ type: RegionTreeNodeDto })
  get(@Param() params: RegionCodeParamDto): Promise<RegionTreeNodeDto> {
    return this.regions.get(params.code);
  }

  @Put(':code/key-industrial-county')
  @Permissions('admin')
  @ApiOperation({ summary: 'Mark or unmark a county as a key industrial county (工业重点县), audited' })
  @ApiOkResponse({ type: RegionResponseDto })
  setKeyIndustrialCounty(
    @Auth() principal: AuthPrincipal,
    @Param() params: RegionCodeParamDto,
    @Body() body: KeyIndustrialCountyPutDto,
  ): Promise<RegionResponseDto> {
    return this.regions.setKeyIndustrialCounty(principal, params.code, body.keyIndustrialCounty);
  }
}

import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permissions } from '../../core/auth/auth.decorators';
import { ANY_ROLE } from '../../core/auth/roles';
import { ApiReadErrors } from '../../core/errors/error-body.dto';
import { RegionCodeParamDto, RegionListQueryDto, RegionPageDto, RegionTreeNodeDto } from './dto/region.dto';
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
}

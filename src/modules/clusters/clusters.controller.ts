import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PageQueryDto } from '../../core/common/pagination';
import { Permissions } from '../../core/auth/auth.decorators';
import { ANY_ROLE } from '../../core/auth/roles';
import { ApiReadErrors } from '../../core/errors/error-body.dto';
import { ClustersService } from './clusters.service';
import { ClusterCodeParamDto, ClusterPageDto, ClusterResponseDto } from './dto/cluster.dto';

@ApiTags('clusters')
@ApiReadErrors()
@Controller('clusters')
export class ClustersController {
  constructor(private readonly clusters: ClustersService) {}

  @Get()
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'The nine industry clusters with their chain segments and focus cities' })
  @ApiOkResponse({ type: ClusterPageDto })
  list(@Query() query: PageQueryDto): Promise<ClusterPageDto> {
    return this.clusters.list(query);
  }

  @Get(':code')
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'One cluster with its chain segments and focus cities' })
  @ApiOkResponse({ type: ClusterResponseDto })
  get(@Param() params: ClusterCodeParamDto): Promise<ClusterResponseDto> {
    return this.clusters.get(params.code);
  }
}

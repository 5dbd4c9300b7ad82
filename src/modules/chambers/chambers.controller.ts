import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, Permissions } from '../../core/auth/auth.decorators';
import type { AuthPrincipal } from '../../core/auth/principal';
import { ANY_ROLE } from '../../core/auth/roles';
import { IdParamDto } from '../../core/common/id-param.dto';
import { ApiReadErrors } from '../../core/errors/error-body.dto';
import { ChambersService } from './chambers.service';
import {
  ChamberCreateDto,
  ChamberDetailDto,
  ChamberListQueryDto,
  ChamberPageDto,
  ChamberResponseDto,
  ChamberUpdateDto,
} from './dto/chamber.dto';

@ApiTags('chambers')
@ApiReadErrors()
@Controller('chambers')
export class ChambersController {
  constructor(private readonly chambers: ChambersService) {}

  @Get()
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'Chambers of commerce and industry associations' })
  @ApiOkResponse({ type: ChamberPageDto })
  list(@Query() query: ChamberListQueryDto): Promise<ChamberPageDto> {
    return this.chambers.list(query);
  }

  @Post()
  @Permissions('admin', 'officer')
  @ApiOperation({ summary: 'Register a chamber or association' })
  @ApiCreatedResponse({ type: ChamberResponseDto })
  create(@Auth() principal: AuthPrincipal, @Body() body: ChamberCreateDto): Promise<ChamberResponseDto> {
    return this.chambers.create(principal, body);
  }

  @Get(':id')
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'A chamber with the leads it introduced (in your jurisdiction) and how far they got' })
  @ApiOkResponse({ type: ChamberDetailDto })
  get(@Auth() principal: AuthPrincipal, @Param() params: IdParamDto): Promise<ChamberDetailDto> {
    return this.chambers.get(principal, params.id);
  }

  @Patch(':id')
  @Permissions('admin', 'officer')
  @ApiOperation({ summary: 'Change a chamber; send the version you read' })
  @ApiOkResponse({ type: ChamberResponseDto })
  update(
    @Auth() principal: AuthPrincipal,
    @Param() params: IdParamDto,
    @Body() body: ChamberUpdateDto,
  ): Promise<ChamberResponseDto> {
    return this.chambers.update(principal, params.id, body);
  }
}

import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, Permissions } from '../../core/auth/auth.decorators';
import type { AuthPrincipal } from '../../core/auth/principal';
import { ANY_ROLE } from '../../core/auth/roles';
import { ErrorBodyDto } from '../../core/errors/error-body.dto';
import { SearchQueryDto, SearchResultDto } from './dto/search.dto';
import { SearchService } from './search.service';

@ApiTags('search')
@Controller('search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Get()
  @Permissions(...ANY_ROLE)
  @ApiOperation({
    summary:
      'Search everywhere: leads, companies, chambers, parks and colleagues you may list, best match first across kinds',
  })
  @ApiOkResponse({ type: SearchResultDto })
  @ApiBadRequestResponse({
    type: ErrorBodyDto,
    description: 'VALIDATION_FAILED: q missing, blank or over 64 characters',
  })
  find(@Auth() principal: AuthPrincipal, @Query() query: SearchQueryDto): Promise<SearchResultDto> {
    return this.search.search(principal, query);
  }
}

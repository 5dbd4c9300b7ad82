import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Auth, Permissions } from '../../core/auth/auth.decorators';
import type { AuthPrincipal } from '../../core/auth/principal';
import { ANY_ROLE } from '../../core/auth/roles';
import { IdParamDto } from '../../core/common/id-param.dto';
import { ApiReadErrors, ErrorBodyDto } from '../../core/errors/error-body.dto';
import {
  PeopleQueryDto,
  PersonDto,
  PersonPageDto,
  PasswordChangeDto,
  UserCreateDto,
  UserListQueryDto,
  UserPageDto,
  UserResponseDto,
  UserUpdateDto,
} from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiReadErrors()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Permissions('admin', 'manager')
  @ApiOperation({ summary: 'Users of the caller’s jurisdiction, newest first' })
  @ApiOkResponse({ type: UserPageDto })
  list(@Auth() principal: AuthPrincipal, @Query() query: UserListQueryDto): Promise<UserPageDto> {
    return this.users.list(principal, query);
  }

  @Post()
  @Permissions('admin', 'manager')
  @ApiOperation({ summary: 'Create a user in the caller’s jurisdiction (only administrators grant admin)' })
  @ApiCreatedResponse({ type: UserResponseDto })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'DUPLICATE username' })
  create(@Auth() principal: AuthPrincipal, @Body() body: UserCreateDto): Promise<UserResponseDto> {
    return this.users.create(principal, body);
  }

  @Post('me/password')
  @HttpCode(204)
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'Change your own password; your other sign-ins end' })
  @ApiNoContentResponse()
  changeOwnPassword(@Auth() principal: AuthPrincipal, @Body() body: PasswordChangeDto): Promise<void> {
    return this.users.changeOwnPassword(principal, body);
  }

  @Get(':id')
  @Permissions('admin', 'manager')
  @ApiOperation({ summary: 'One user (404 outside the caller’s jurisdiction)' })
  @ApiOkResponse({ type: UserResponseDto })
  get(@Auth() principal: AuthPrincipal, @Param() params: IdParamDto): Promise<UserResponseDto> {
    return this.users.get(principal, params.id);
  }

  @Patch(':id')
  @Permissions('admin', 'manager')
  @ApiOperation({ summary: 'Change a user; send the version you read (409 VERSION_CONFLICT when stale)' })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'VERSION_CONFLICT' })
  update(
    @Auth() principal: AuthPrincipal,
    @Param() params: IdParamDto,
    @Body() body: UserUpdateDto,
  ): Promise<UserResponseDto> {
    return this.users.update(principal, params.id, body);
  }
}

@ApiTags('users')
@ApiReadErrors()
@Controller('people')
export class PeopleController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Permissions(...ANY_ROLE)
  @ApiOperation({
    summary: 'Colleagues: active users of your jurisdiction and of the units above it (name, unit, role, team)',
  })
  @ApiOkResponse({ type: PersonPageDto })
  list(@Auth() principal: AuthPrincipal, @Query() query: PeopleQueryDto): Promise<PersonPageDto> {
    return this.users.people(principal, query);
  }

  @Get(':id')
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'One colleague (404 outside the directory)' })
  @ApiOkResponse({ type: PersonDto })
  get(@Auth() principal: AuthPrincipal, @Param() params: IdParamDto): Promise<PersonDto> {
    return this.users.person(principal, params.id);
  }
}

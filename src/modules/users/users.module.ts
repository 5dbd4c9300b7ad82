import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PRINCIPAL_RESOLVER } from '../../core/auth/principal';
import { APP_CONFIG, AppConfig } from '../../core/config/app-config';
import { NotificationsModule } from '../notifications/notifications.module';
import { RegionsModule } from '../regions/regions.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle';
import { RefreshTokenEntity } from './refresh-token.entity';
import { SessionEntity } from './session.entity';
import { SessionsRepository } from './sessions.repository';
import { loadSigningKey } from './signing-key';
import { UserEntity } from './user.entity';
import { PeopleController, UsersController } from './users.controller';
import { CalendarTokensRepository } from './calendar-tokens.repository';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** Users and their sign-in (auth): accounts, sessions, tokens, and the principal resolver behind the guard. */
@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity, SessionEntity, RefreshTokenEntity]),
    RegionsModule,
    NotificationsModule,
    JwtModule.registerAsync({
      inject: [getDataSourceToken(), APP_CONFIG],
      useFactory: async (dataSource: DataSource, config: AppConfig) => ({
        // A KeyObject, not the string: given a string, jsonwebtoken first tries to parse it as a PEM public key on
        // every verify, and that failing attempt cost about 5% of a request's CPU.
        secret: createSecretKey(Buffer.from(await loadSigningKey(dataSource, config))),
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController, UsersController, PeopleController],
  providers: [
    UsersService,
    UsersRepository,
    SessionsRepository,
    CalendarTokensRepository,
    AuthService,
    LoginThrottle,
    { provide: PRINCIPAL_RESOLVER, useExisting: AuthService },
  ],
  exports: [PRINCIPAL_RESOLVER, UsersRepository, CalendarTokensRepository],
})
export class UsersModule {}

import { Module } from '@nestjs/common';
import { ChambersModule } from '../chambers/chambers.module';
import { CompaniesModule } from '../companies/companies.module';
import { LeadsModule } from '../leads/leads.module';
import { ParksModule } from '../parks/parks.module';
import { UsersModule } from '../users/users.module';
import { SearchController } from './search.controller';
import { SearchService } from './search.service';

/** GET /search: composes the owners' ranked searches; owns no table. */
@Module({
  imports: [LeadsModule, CompaniesModule, ChambersModule, ParksModule, UsersModule],
  controllers: [SearchController],
  providers: [SearchService],
})
export class SearchModule {}

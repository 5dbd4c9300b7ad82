// `npm run seed`: create the database if missing, apply migrations and load the reference data.
// The app does the same at every start; this is for operators preparing a database ahead of time.
import 'reflect-metadata';
import { prepareDatabase } from '../src/bootstrap';
import { runScript } from './run-script';

void runScript('seed', async (config, logger) => {
  await prepareDatabase(config, logger);
});

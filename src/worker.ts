import 'reflect-metadata';
import { main } from './main';

// Worker-only entry: the same modules and queues as the API process, without HTTP.
void main('worker');

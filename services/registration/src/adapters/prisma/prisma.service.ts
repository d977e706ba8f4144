import { prismaDatabase } from '@inkijk/platform';
import { PrismaClient } from '../../generated/prisma/client';

/** The registration database through Prisma's pg driver adapter (no native engine). */
export class RegistrationDb extends prismaDatabase(PrismaClient) {}

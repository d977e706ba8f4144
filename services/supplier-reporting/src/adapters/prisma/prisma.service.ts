import { prismaDatabase } from '@inkijk/platform';
import { PrismaClient } from '../../generated/prisma/client';

/** The supplier-reporting database through Prisma's pg driver adapter (no native engine). */
export class ReportingDb extends prismaDatabase(PrismaClient) {}

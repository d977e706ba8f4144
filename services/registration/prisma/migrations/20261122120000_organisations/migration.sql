-- CreateEnum
CREATE TYPE "organisation_kind" AS ENUM ('MUNICIPALITY', 'COLLABORATION');

-- CreateTable
CREATE TABLE "organisation" (
    "id" UUID NOT NULL,
    "kind" "organisation_kind" NOT NULL,
    "cbs_code" CHAR(6),
    "oin" CHAR(20) NOT NULL,
    "name" TEXT NOT NULL,
    "valid_from" DATE NOT NULL,
    "valid_to" DATE,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organisation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "organisation_cbs_code_key" ON "organisation"("cbs_code");

-- CreateIndex
CREATE UNIQUE INDEX "organisation_oin_key" ON "organisation"("oin");

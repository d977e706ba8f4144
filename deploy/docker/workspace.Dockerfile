# The workspace image every service image starts from: dependencies installed from the
# lock file, sources copied, Prisma clients generated. Services run from TypeScript source
# through @swc-node/register, exactly as the local scripts run them.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production NX_DAEMON=false NX_NO_CLOUD=true CHECKPOINT_DISABLE=1
COPY package.json package-lock.json .npmrc ./
RUN npm ci --include=dev --no-audit --no-fund
COPY . .
RUN npm run prisma:generate
USER node

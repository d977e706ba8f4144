/** The portal's one CSS file and one small script, served by the portal itself (no CDN). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Controller, Get, Header } from '@nestjs/common';

const dir = path.resolve(__dirname, '../../../static');
const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');

@Controller('static')
export class AssetsController {
  private readonly css = read('portal.css');
  private readonly js = read('portal.js');

  @Get('portal.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=600')
  stylesheet() {
    return this.css;
  }

  @Get('portal.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=600')
  script() {
    return this.js;
  }
}

<?xml version="1.0" encoding="utf-8"?>
<!-- Shows an Atom feed opened in a browser as a readable Chinese page (the feed itself is unchanged). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:atom="http://www.w3.org/2005/Atom">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>
  <xsl:template match="/atom:feed">
    <html lang="zh-Hans">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="atom:title"/>（订阅源）</title>
        <link rel="stylesheet" href="/static/portal/base.css"/>
      </head>
      <body class="portal">
        <header class="site-header"><div class="wrap"><a class="brand" href="/">返回首页</a></div></header>
        <main id="main" class="wrap">
          <h1><xsl:value-of select="atom:title"/></h1>
          <p class="lead">这是一个订阅源（Atom）。把本页网址复制到阅读器或订阅软件中，即可在有新公开的信息时收到更新；也可以<a href="/catalog/subscribe/">用电子邮箱订阅</a>。</p>
          <p>订阅地址：<code><xsl:value-of select="atom:link[@rel='self']/@href"/></code></p>
          <h2>最近公开的信息</h2>
          <ul>
            <xsl:for-each select="atom:entry">
              <li><a href="{atom:link/@href}"><xsl:value-of select="atom:title"/></a>
                <span class="hint">　<xsl:value-of select="substring(atom:published, 1, 10)"/></span></li>
            </xsl:for-each>
          </ul>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
